package io.lifeboat.network;

import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.ApplianceStatus;
import io.lifeboat.appliance.DesiredState;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.network.NetworkExtension.Options;
import io.lifeboat.pki.TenantTunnelCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The NEA pair of a network that is up, and what their desired states are made of: what the hot path needs (adding or
 * removing an IP must stay well under 50 ms), so nothing of it is asked again per change.
 */
record ExtendedPair(TenantNetworkRef ref, TenantTunnelCredentials creds, NeaPlacement providerPlacement, NeaPlacement tenantPlacement,
                    ApplianceClient providerClient, ApplianceClient tenantClient, List<InetSocketAddress> relayAddresses, Options options) {

    ExtendedPair {
        relayAddresses = List.copyOf(relayAddresses);
    }

    /** Sends {@code role}'s NEA its desired state with {@code ips} failed over. */
    void apply(NeaRole role, Set<String> ips) {
        if (role == NeaRole.PROVIDER) {
            apply(providerClient, NeaDesiredStates.provider(ref, ips, creds, providerPlacement, options), ref, role);
        } else {
            apply(tenantClient, NeaDesiredStates.tenant(ref, ips, creds, tenantPlacement, relayAddresses, options), ref, role);
        }
    }

    /** Both NEAs' desired states, made before either is sent, in the order the change needs. */
    void applyBoth(Set<String> ips, boolean providerFirst) {
        DesiredState provider = NeaDesiredStates.provider(ref, ips, creds, providerPlacement, options);
        DesiredState tenant = NeaDesiredStates.tenant(ref, ips, creds, tenantPlacement, relayAddresses, options);
        if (providerFirst) {
            apply(providerClient, provider, ref, NeaRole.PROVIDER);
            apply(tenantClient, tenant, ref, NeaRole.TENANT);
        } else {
            apply(tenantClient, tenant, ref, NeaRole.TENANT);
            apply(providerClient, provider, ref, NeaRole.PROVIDER);
        }
    }

    static void apply(ApplianceClient client, DesiredState state, TenantNetworkRef ref, NeaRole role) {
        try {
            client.apply(state);
        } catch (IOException e) {
            throw new NetworkExtensionException("the " + role.name().toLowerCase(Locale.ROOT) + " NEA of " + ref.tenant()
                    + " refused its configuration: " + e.getMessage(), e);
        }
    }

    static ApplianceStatus status(ApplianceClient client, TenantNetworkRef ref) {
        try {
            return client.status();
        } catch (IOException e) {
            throw new NetworkExtensionException("the tenant NEA of " + ref.tenant() + " does not answer: " + e.getMessage(), e);
        }
    }

    static TunnelStatus toTunnelStatus(ApplianceStatus s) {
        return new TunnelStatus(s.tunnelUp(), s.rttMs(), s.bytesIn(), s.bytesOut(), s.restarts(),
                s.upSinceEpochMs() == null ? null : Instant.ofEpochMilli(s.upSinceEpochMs()));
    }
}

package io.lifeboat.lab.network;

import java.util.Set;
import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.network.ApplianceRuntime;
import io.lifeboat.network.NeaPlacement;
import io.lifeboat.network.TenantNetworkRef;
import java.time.Duration;

/**
 * For tests of {@link LabNetwork} without simulators: plays the portal's and the hypervisor's part the full lab leaves
 * to {@code ApplianceVms} and the lab's guest tools. Starting an NEA "powers its VM on" (a token registered with the
 * control server's tokens, the agent booted from that configuration), then waits as the lab's runtime does.
 */
public final class PoweredOnAppliances implements ApplianceRuntime {

    private final LabNetwork lab;
    private final EnrolmentTokens tokens;

    public PoweredOnAppliances(LabNetwork lab, EnrolmentTokens tokens) {
        this.lab = lab;
        this.tokens = tokens;
    }

    @Override
    public NeaPlacement placement(TenantNetworkRef ref, NeaRole role) {
        return lab.placement(ref, role);
    }

    @Override
    public ApplianceClient start(TenantNetworkRef ref, NeaRole role, Duration timeout) {
        if (!lab.isRunning(ref, role)) {   // a power cycle: off (if it was stopped), then on with a fresh token
            String id = ref.applianceId(role);
            lab.haltAppliance(lab.siteKey(ref), role);
            lab.bootAppliance(new ApplianceGuest(lab.siteKey(ref), role, id, tokens.issue(id, Duration.ofMinutes(10)), "vm-n" + ref.networkId(),
                    role == NeaRole.TENANT ? LabNetwork.Side.TENANT_LAN : LabNetwork.Side.PROVIDER_SEGMENT, role == NeaRole.PROVIDER,
                    lab.controlEndpoints()));
        }
        return lab.start(ref, role, timeout);
    }

    @Override
    public boolean isRunning(TenantNetworkRef ref, NeaRole role) {
        return lab.isRunning(ref, role);
    }

    @Override
    public Set<String> connectedApplianceIds() {
        return lab.connectedApplianceIds();
    }

    @Override
    public void stop(TenantNetworkRef ref, NeaRole role) {
        lab.stop(ref, role);
    }
}

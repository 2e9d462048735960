package io.lifeboat.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where webhooks may go: public addresses only, unless the provider sets {@code lifeboat.webhooks.allow-private-addresses}
 * (an installation whose receivers are on its own network, the lab, the tests). Else a tenant could aim an endpoint at
 * the provider's network ({@code 10.0.0.5}, the portal's actuator, a cloud's metadata service) and read what answers in
 * the deliveries' outcomes.
 *
 * <p>Checked when an endpoint is registered, so the tenant hears it at once, and again at every send as the HTTP
 * client's resolver: the client connects only to the addresses this returned, so a name that answers differently from
 * one lookup to the next (DNS rebinding) or was re-pointed after registration reaches no internal host.
 */
@Component
class WebhookDestinations implements DnsResolver {

    private final boolean allowPrivateAddresses;

    WebhookDestinations(@Value("${lifeboat.webhooks.allow-private-addresses:false}") boolean allowPrivateAddresses) {
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    /**
     * Why {@code host} may not receive webhooks; empty when it may, or when it does not resolve now (it may be
     * registered before its DNS name exists; each send checks it again).
     */
    Optional<String> refusal(String host) {
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        try {
            resolve(host);
            return Optional.empty();
        } catch (InternalAddressRefused e) {
            return Optional.of(e.getMessage());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Every address of {@code host}, which the HTTP client connects to.
     *
     * @throws InternalAddressRefused when any of them is internal (a name with several addresses is refused as a whole:
     *                                the client may pick any of them) and private addresses are not allowed
     */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        if (!allowPrivateAddresses && Arrays.stream(addresses).anyMatch(InternalAddresses::isInternal)) {
            throw new InternalAddressRefused(host);
        }
        return addresses;
    }

    /** Only asked for Kerberos service names, which webhooks never use. */
    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }

    /**
     * A host the portal does not send webhooks to. An {@link UnknownHostException} because the HTTP client's resolver may
     * throw no other checked exception. Its message, shown to the user, names no address: for a name only the provider's
     * own DNS knows, that would tell the tenant an internal address.
     */
    static final class InternalAddressRefused extends UnknownHostException {

        InternalAddressRefused(String host) {
            super(host + " points to an internal address (loopback, private, link-local, multicast or reserved): webhooks go only to public addresses.");
        }
    }
}

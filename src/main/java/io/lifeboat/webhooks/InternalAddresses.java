package io.lifeboat.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The addresses of the provider's own networks rather than the internet: the portal's host, private and carrier-grade
 * NAT networks, link-local ones (where clouds answer metadata requests) and multicast, in IPv4, IPv6 or IPv6 forms that
 * carry an IPv4 address. A webhook aimed there would let a tenant probe the provider's network through the delivery
 * outcomes.
 */
final class InternalAddresses {

    // What the JDK's InetAddress has no predicate for.
    private static final List<IpAddressMatcher> OTHER_INTERNAL_RANGES = Stream.of(
                    "0.0.0.0/8",        // "this network": Linux connects 0.x.x.x to the local host
                    "100.64.0.0/10",    // carrier-grade NAT (RFC 6598), often a provider's own fabric
                    "fc00::/7")         // IPv6 unique-local (RFC 4193); isSiteLocalAddress knows only the old fec0::/10
            .map(IpAddressMatcher::new).toList();

    // NAT64 (RFC 6052): a provider's NAT64 gateway forwards it to the IPv4 address in its last 32 bits.
    private static final IpAddressMatcher NAT64 = new IpAddressMatcher("64:ff9b::/96");

    private InternalAddresses() {
    }

    static boolean isInternal(InetAddress address) {
        // The JDK reads an IPv4-mapped IPv6 address (::ffff:10.0.0.5) as the IPv4 address; this also drops a scope
        // (fe80::1%eth0), which IpAddressMatcher may not parse.
        InetAddress plain = byAddress(address.getAddress());
        Optional<InetAddress> carried = carriedIpv4(plain);
        if (carried.isPresent()) {
            return isInternal(carried.get());
        }
        return plain.isLoopbackAddress() || plain.isAnyLocalAddress() || plain.isLinkLocalAddress() || plain.isSiteLocalAddress()
                || plain.isMulticastAddress() || OTHER_INTERNAL_RANGES.stream().anyMatch(range -> range.matches(plain.getHostAddress()));
    }

    /** The IPv4 address an IPv4-compatible (::10.0.0.5, deprecated but still routed by some stacks) or NAT64 address reaches. */
    private static Optional<InetAddress> carriedIpv4(InetAddress address) {
        boolean carries = address instanceof Inet6Address v6 && (v6.isIPv4CompatibleAddress() || NAT64.matches(v6.getHostAddress()));
        return carries ? Optional.of(byAddress(Arrays.copyOfRange(address.getAddress(), 12, 16))) : Optional.empty();
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address's own bytes are an address", e);
        }
    }
}

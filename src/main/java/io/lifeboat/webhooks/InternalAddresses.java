package io.lifeboat.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The addresses that are not the public internet's: the portal's host, private and carrier-grade NAT networks, link-local
 * ones (where clouds answer metadata requests), multicast and broadcast, and every other block of IANA's IPv4 and IPv6
 * special-purpose address registries (documentation, benchmarking, reserved, protocol assignments), in IPv4, IPv6 or
 * IPv6 forms that carry an IPv4 address. A webhook aimed there would let a tenant probe the provider's network through
 * the delivery outcomes.
 *
 * <p>Blocks the registries mark globally reachable (PCP and TURN anycast, AS112, AMT, ORCHIDv2) are refused too: they are
 * anycast services answered by the nearest operator, which may be the provider itself, and never a webhook receiver.
 */
final class InternalAddresses {

    // IANA IPv4 special-purpose registry and multicast, beyond what the JDK's InetAddress has predicates for (loopback,
    // 0.0.0.0, 169.254/16, 10/8, 172.16/12, 192.168/16, 224/4).
    private static final List<IpAddressMatcher> OTHER_IPV4_RANGES = Stream.of(
                    "0.0.0.0/8",        // "this network": Linux connects 0.x.x.x to the local host
                    "100.64.0.0/10",    // carrier-grade NAT (RFC 6598), often a provider's own fabric
                    "192.0.0.0/24",     // IETF protocol assignments (DS-Lite, PCP and TURN anycast, NAT64 discovery)
                    "192.0.2.0/24",     // documentation TEST-NET-1 (RFC 5737)
                    "192.31.196.0/24",  // AS112 anycast DNS sinks (RFC 7535)
                    "192.52.193.0/24",  // AMT relays, anycast (RFC 7450)
                    "192.88.99.0/24",   // 6to4 relay anycast, deprecated (RFC 7526)
                    "192.175.48.0/24",  // AS112 direct delegation (RFC 7534)
                    "198.18.0.0/15",    // benchmarking (RFC 2544): test networks inside an operator
                    "198.51.100.0/24",  // documentation TEST-NET-2
                    "203.0.113.0/24",   // documentation TEST-NET-3
                    "240.0.0.0/4")      // reserved (RFC 1112), with the limited broadcast 255.255.255.255
            .map(IpAddressMatcher::new).toList();

    // IANA hands out only 2000::/3 as global unicast; outside it is reserved or special: ::, ::1, 100::/64 (discard),
    // 5f00::/16 (SRv6), 64:ff9b:1::/48 (local-use NAT64), fc00::/7 (unique-local), fe80::/10, fec0::/10, ff00::/8.
    private static final IpAddressMatcher IPV6_GLOBAL_UNICAST = new IpAddressMatcher("2000::/3");

    // The special-purpose blocks inside 2000::/3.
    private static final List<IpAddressMatcher> SPECIAL_IPV6_RANGES = Stream.of(
                    "2001::/23",         // IETF protocol assignments: Teredo, benchmarking, ORCHID, anycast services
                    "2001:db8::/32",     // documentation (RFC 3849)
                    "2620:4f:8000::/48", // AS112 direct delegation
                    "3fff::/20")         // documentation (RFC 9637)
            .map(IpAddressMatcher::new).toList();

    // NAT64 (RFC 6052): a provider's NAT64 gateway forwards it to the IPv4 address in its last 32 bits.
    private static final IpAddressMatcher NAT64 = new IpAddressMatcher("64:ff9b::/96");

    // 6to4 (RFC 3056): a relay forwards 2002:AABB:CCDD::/48 to the IPv4 address AA.BB.CC.DD.
    private static final IpAddressMatcher SIX_TO_FOUR = new IpAddressMatcher("2002::/16");

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
        if (plain.isLoopbackAddress() || plain.isAnyLocalAddress() || plain.isLinkLocalAddress() || plain.isSiteLocalAddress()
                || plain.isMulticastAddress()) {
            return true;
        }
        String literal = plain.getHostAddress();
        if (plain instanceof Inet4Address) {
            return OTHER_IPV4_RANGES.stream().anyMatch(range -> range.matches(literal));
        }
        return !IPV6_GLOBAL_UNICAST.matches(literal) || SPECIAL_IPV6_RANGES.stream().anyMatch(range -> range.matches(literal));
    }

    /**
     * The IPv4 address an IPv4-compatible (::10.0.0.5, deprecated but still routed by some stacks), NAT64 or 6to4 address
     * reaches.
     */
    private static Optional<InetAddress> carriedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return Optional.empty();
        }
        byte[] bytes = v6.getAddress();
        if (v6.isIPv4CompatibleAddress() || NAT64.matches(v6.getHostAddress())) {
            return Optional.of(byAddress(Arrays.copyOfRange(bytes, 12, 16)));
        }
        if (SIX_TO_FOUR.matches(v6.getHostAddress())) {
            return Optional.of(byAddress(Arrays.copyOfRange(bytes, 2, 6)));
        }
        return Optional.empty();
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address's own bytes are an address", e);
        }
    }
}

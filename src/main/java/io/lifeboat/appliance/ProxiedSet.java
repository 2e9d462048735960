package io.lifeboat.appliance;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The IPs an NEA answers ARP for, per ARCHITECTURE §5. Immutable; the responder swaps whole sets.
 * <ul>
 *   <li>tenant side: exactly the failed-over IPs (they now live at the provider);</li>
 *   <li>provider side: the tenant subnet minus the failed-over IPs (those answer for themselves), minus the
 *       network and broadcast addresses and the NEA's own address.</li>
 * </ul>
 */
public sealed interface ProxiedSet {

    boolean contains(int ip);

    ProxiedSet NONE = new Explicit(Set.of());

    static ProxiedSet tenantSide(Set<Integer> failedOver) {
        return new Explicit(Set.copyOf(failedOver));
    }

    static ProxiedSet providerSide(Ipv4Subnet subnet, Set<Integer> failedOver, int ownIp) {
        return new SubnetExcept(subnet, Set.copyOf(failedOver), ownIp);
    }

    record Explicit(Set<Integer> ips) implements ProxiedSet {
        @Override
        public boolean contains(int ip) {
            return ips.contains(ip);
        }

        @Override
        public String toString() {
            return ips.stream().map(Ipv4::format).sorted().collect(Collectors.joining(", ", "{", "}"));
        }
    }

    record SubnetExcept(Ipv4Subnet subnet, Set<Integer> excluded, int ownIp) implements ProxiedSet {
        @Override
        public boolean contains(int ip) {
            return subnet.contains(ip) && ip != ownIp && !excluded.contains(ip)
                    && (subnet.prefixLength() >= 31 || (ip != subnet.network() && ip != subnet.broadcast()));
        }

        @Override
        public String toString() {
            return subnet + " except " + excluded.stream().map(Ipv4::format).sorted().collect(Collectors.joining(", ", "{", "}"));
        }
    }
}

package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxiedSetTest {

    private static final Ipv4Subnet LAN = Ipv4Subnet.parse("192.168.60.0/24");
    private static final int LINK_LOCAL = Ipv4.parse("169.254.0.1");

    @Test
    void tenant_side_proxies_exactly_the_failed_over_ips() {
        ProxiedSet s = ProxiedSet.tenantSide(Set.of(Ipv4.parse("192.168.60.11")));
        assertThat(s.contains(Ipv4.parse("192.168.60.11"))).isTrue();
        assertThat(s.contains(Ipv4.parse("192.168.60.10"))).isFalse();
        assertThat(s.contains(Ipv4.parse("192.168.60.1"))).isFalse();
    }

    @Test
    void provider_side_proxies_the_subnet_minus_failed_over_ips() {
        ProxiedSet s = ProxiedSet.providerSide(LAN, Set.of(Ipv4.parse("192.168.60.11"), Ipv4.parse("192.168.60.12")), LINK_LOCAL);
        assertThat(s.contains(Ipv4.parse("192.168.60.1"))).as("tenant gateway").isTrue();
        assertThat(s.contains(Ipv4.parse("192.168.60.20"))).as("tenant LAN host").isTrue();
        assertThat(s.contains(Ipv4.parse("192.168.60.11"))).as("replica answers itself").isFalse();
        assertThat(s.contains(Ipv4.parse("192.168.60.12"))).isFalse();
    }

    @Test
    void provider_side_never_proxies_outside_the_subnet_its_own_address_network_or_broadcast() {
        ProxiedSet s = ProxiedSet.providerSide(LAN, Set.of(), LINK_LOCAL);
        assertThat(s.contains(LINK_LOCAL)).isFalse();
        assertThat(s.contains(Ipv4.parse("192.168.61.1"))).isFalse();
        assertThat(s.contains(Ipv4.parse("192.168.60.0"))).isFalse();
        assertThat(s.contains(Ipv4.parse("192.168.60.255"))).isFalse();
        assertThat(ProxiedSet.providerSide(LAN, Set.of(), Ipv4.parse("192.168.60.254")).contains(Ipv4.parse("192.168.60.254"))).isFalse();
    }

    @Test
    void subnet_parsing_clears_host_bits() {
        assertThat(Ipv4Subnet.parse("192.168.60.77/24")).hasToString("192.168.60.0/24");
        assertThat(Ipv4Subnet.parse("0.0.0.0/0").contains(Ipv4.parse("8.8.8.8"))).isTrue();
    }
}

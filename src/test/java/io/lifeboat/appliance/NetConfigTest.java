package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetConfigTest {

    private static final TunnelConfig TUN = new TunnelConfig(false, "tun0", "10.255.0.2", "10.255.0.1", "100.64.1.1", 1194,
            null, 0, "", "", "AA", true);

    @Test
    void tenant_side_routes_each_failed_over_ip_into_the_tunnel() {
        DesiredState d = new DesiredState(NeaRole.TENANT, "lan0", "192.168.60.0/24", "192.168.60.254",
                List.of("192.168.60.11", "192.168.60.12"), ArpMode.PCAP, TUN);
        assertThat(NetConfig.routesFor(d)).containsExactly("192.168.60.11/32 dev tun0", "192.168.60.12/32 dev tun0");
    }

    @Test
    void provider_side_routes_replicas_on_link_and_everything_else_into_the_tunnel() {
        DesiredState d = new DesiredState(NeaRole.PROVIDER, "seg0", "192.168.60.0/24", "169.254.0.1",
                List.of("192.168.60.11"), ArpMode.PCAP, TUN);
        assertThat(NetConfig.routesFor(d)).containsExactly(
                "192.168.60.11/32 dev seg0 scope link src 169.254.0.1",
                "192.168.60.0/24 dev tun0", "0.0.0.0/1 dev tun0", "128.0.0.0/1 dev tun0");
    }

    @Test
    void sysctls_forward_and_leave_arp_to_us() {
        DesiredState d = new DesiredState(NeaRole.TENANT, "lan0", "192.168.60.0/24", "192.168.60.254", List.of(), null, null);
        assertThat(NetConfig.sysctlsFor(d)).containsEntry("net/ipv4/ip_forward", "1")
                .containsEntry("net/ipv4/conf/lan0/proxy_arp", "0").containsEntry("net/ipv4/conf/all/rp_filter", "0");
    }

    @Test
    void openvpn_client_uses_peer_fingerprint_without_a_ca() {
        List<String> cmd = OpenVpnCommand.build(TUN, java.nio.file.Path.of("c.crt"), java.nio.file.Path.of("c.key"), java.nio.file.Path.of("clients"));
        assertThat(String.join(" ", cmd)).contains("--client", "--peer-fingerprint AA", "--remote 100.64.1.1 1194",
                "--dev tun0", "--sndbuf 4194304").doesNotContain("--ca", "--secret");
    }
}

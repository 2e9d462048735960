package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenVpnCommandTest {

    private static final Path CERT = Path.of("cert.pem");
    private static final Path KEY = Path.of("key.pem");
    private static final Path CLIENTS = Path.of("clients");

    @Test
    void the_client_gets_every_gateways_relay_as_a_remote_in_order_and_notices_a_dead_one_within_3_s() {
        TunnelConfig client = new TunnelConfig(false, "tun0", "10.255.0.2", "10.255.0.1", "100.64.1.1", 1194, null, 0,
                "c", "k", "AA", false, List.of("100.65.1.1:1194"));

        List<String> cmd = OpenVpnCommand.build(client, CERT, KEY, CLIENTS);

        assertThat(String.join(" ", cmd)).contains("--remote 100.64.1.1 1194 --remote 100.65.1.1 1194")
                .contains("--ping 1 --ping-restart 3").contains("--connect-retry 0 1").contains("--tls-timeout 1").contains("--server-poll-timeout 1")
                .doesNotContain("--remote-random");
    }

    @Test
    void one_gateway_gives_one_remote_and_the_server_none() {
        TunnelConfig client = new TunnelConfig(false, "tun0", "10.255.0.2", "10.255.0.1", "100.64.1.1", 1194, null, 0,
                "c", "k", "AA", false);
        TunnelConfig server = new TunnelConfig(true, "tun0", "10.255.0.1", "10.255.0.2", null, 0, "10.200.1.2", 1194,
                "c", "k", "AA", false);

        assertThat(Collections.frequency(OpenVpnCommand.build(client, CERT, KEY, CLIENTS), "--remote")).isEqualTo(1);
        assertThat(OpenVpnCommand.build(server, CERT, KEY, CLIENTS)).doesNotContain("--remote").contains("--float");
    }

    @Test
    void the_server_hands_its_one_client_the_tunnel_address_and_routes_every_destination_to_it() {
        TunnelConfig server = new TunnelConfig(true, "tun0", "10.255.0.1", "10.255.0.2", null, 0, "10.200.1.2", 1194,
                "c", "k", "AA", false);
        TunnelConfig client = new TunnelConfig(false, "tun0", "10.255.0.2", "10.255.0.1", "100.64.1.1", 1194, null, 0,
                "c", "k", "AA", false);

        assertThat(String.join(" ", OpenVpnCommand.build(server, CERT, KEY, CLIENTS)))
                .contains("--mode server --tls-server --topology p2p --ifconfig 10.255.0.1 10.255.0.2 --client-config-dir clients");
        assertThat(OpenVpnCommand.clientConfig(server)).isEqualTo("ifconfig-push 10.255.0.2 10.255.0.1\niroute 0.0.0.0 0.0.0.0\n");
        assertThat(String.join(" ", OpenVpnCommand.build(client, CERT, KEY, CLIENTS)))
                .contains("--client --route-nopull").doesNotContain("--ifconfig", "--client-config-dir");
    }

    @Test
    void a_desired_state_saved_before_alternate_remotes_existed_still_reads() throws Exception {
        String old = "{\"server\":false,\"device\":\"tun0\",\"localTunnelIp\":\"10.255.0.2\",\"peerTunnelIp\":\"10.255.0.1\","
                + "\"remoteHost\":\"100.64.1.1\",\"remotePort\":1194,\"bindHost\":null,\"bindPort\":0,\"certPem\":\"c\","
                + "\"keyPem\":\"k\",\"peerFingerprint\":\"AA\",\"tuned\":true}";

        TunnelConfig read = ControlProtocol.JSON.readValue(old, TunnelConfig.class);

        assertThat(read.alternateRemotes()).isEmpty();
        assertThat(read.remoteHost()).isEqualTo("100.64.1.1");
    }
}

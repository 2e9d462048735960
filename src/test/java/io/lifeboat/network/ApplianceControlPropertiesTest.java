package io.lifeboat.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the portal puts each network's provider NEA on the provider site's uplink network (ADR 0008). */
class ApplianceControlPropertiesTest {

    @Test
    void network_n_gets_host_ten_plus_n_of_the_uplink_network_and_a_full_network_says_what_to_change() {
        ApplianceControlProperties small = properties("10.254.0.0/28");
        assertThat(small.providerUplinkAddress(1)).isEqualTo("10.254.0.11/28");
        assertThat(small.providerUplinkAddress(4)).isEqualTo("10.254.0.14/28");
        assertThatThrownBy(() -> small.providerUplinkAddress(5))
                .isInstanceOf(NetworkExtensionException.class)
                .hasMessageContaining("no address left for network 5").hasMessageContaining("provider-uplink-subnet");
        assertThat(properties("").providerUplinkAddress(1)).as("not configured: the template configures the uplink").isNull();
        assertThat(properties("198.51.100.0/24").providerUplinkAddress(7)).isEqualTo("198.51.100.17/24");
    }

    @Test
    void the_listen_setting_is_a_host_and_port() {
        assertThat(properties("").listenAddress().getPort()).isEqualTo(9443);
        assertThatThrownBy(() -> new ApplianceControlProperties("9443", List.of(), "", 41000, "eth0", "", "", Duration.ofSeconds(30))
                .listenAddress()).hasMessageContaining("not host:port");
    }

    private static ApplianceControlProperties properties(String uplinkSubnet) {
        return new ApplianceControlProperties("127.0.0.1:9443", List.of(), "203.0.113.10", 41000, "eth0", uplinkSubnet,
                "0.0.0.0/0 via 10.254.0.1", Duration.ofSeconds(30));
    }
}

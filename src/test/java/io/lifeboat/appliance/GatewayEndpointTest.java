package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayEndpointTest {

    @Test
    void a_repeated_gateway_option_and_a_list_name_the_same_gateways_in_order() {
        var repeated = ApplianceMain.parse(new String[] {"--gateway", "198.51.100.1:7443", "--gateway", "198.51.100.2:7443"});

        assertThat(GatewayEndpoint.parseAll(List.of(repeated.get("gateway"))))
                .isEqualTo(GatewayEndpoint.parseAll(List.of("198.51.100.1:7443, 198.51.100.2:7443")))
                .containsExactly(new GatewayEndpoint("198.51.100.1", 7443), new GatewayEndpoint("198.51.100.2", 7443));
    }

    @Test
    void one_gateway_works_as_before_and_duplicates_are_dropped() {
        assertThat(GatewayEndpoint.parseAll(List.of("gw.example.net:7443", "gw.example.net:7443")))
                .containsExactly(new GatewayEndpoint("gw.example.net", 7443));
    }

    @Test
    void a_gateway_without_a_port_is_refused_with_what_was_given() {
        assertThatThrownBy(() -> GatewayEndpoint.parseAll(List.of("198.51.100.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port").hasMessageContaining("198.51.100.1");
        assertThatThrownBy(() -> GatewayEndpoint.parseAll(List.of(" ")))
                .hasMessageContaining("no gateway given");
    }
}

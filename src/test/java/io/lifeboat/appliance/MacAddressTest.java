package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MacAddressTest {

    @Test
    void parses_colons_dashes_and_the_kernels_line() {
        assertThat(MacAddress.parse("02:00:00:00:00:1a")).hasToString("02:00:00:00:00:1a");
        assertThat(MacAddress.parse("02-00-00-00-00-1A")).isEqualTo(MacAddress.parse("02:00:00:00:00:1a"));
        assertThat(MacAddress.parse("52:91:16:bf:03:0c\n")).hasToString("52:91:16:bf:03:0c");
    }

    @Test
    void refuses_anything_else_with_a_message_naming_the_input() {
        for (String bad : new String[] {"", "020000000011", "02:00:00:00:00", "02:00:00:00:00:11:22", "02:00:00:00:00:zz",
                "020:00:00:00:00:1", "02:00-00:00:00:11", "02:00:00:00:00:11:"}) {
            assertThatThrownBy(() -> MacAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a MAC address");
        }
        assertThatThrownBy(() -> MacAddress.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void only_a_stations_own_address_is_unicast() {
        assertThat(MacAddress.parse("02:00:00:00:00:11").isUnicast()).isTrue();
        assertThat(MacAddress.parse("52:54:00:ab:cd:ef").isUnicast()).isTrue();
        assertThat(MacAddress.BROADCAST.isUnicast()).isFalse();
        assertThat(MacAddress.ZERO.isUnicast()).isFalse();
        assertThat(MacAddress.parse("01:00:5e:00:00:01").isUnicast()).as("IPv4 multicast").isFalse();
        assertThat(MacAddress.parse("33:33:00:00:00:01").isUnicast()).as("IPv6 multicast").isFalse();
    }
}

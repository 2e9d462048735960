package io.lifeboat.network.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.network.GatewayHostService.GatewayHost;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayHostProblemsTest {

    private static final Instant SEEN = Instant.parse("2026-12-05T06:00:00Z");
    private static final GatewayHost GW1 = new GatewayHost("gw1", "203.0.113.10", SEEN, true);
    private static final GatewayHost GW2_SILENT = new GatewayHost("gw2", "203.0.113.11", SEEN, false);

    @Test
    void a_portal_that_relays_itself_and_all_hosts_connected_say_nothing() {
        assertThat(GatewayHostProblems.lines(null)).isEmpty();
        assertThat(GatewayHostProblems.lines(List.of(GW1))).isEmpty();
    }

    @Test
    void a_silent_host_is_named_and_the_others_carry_on() {
        assertThat(GatewayHostProblems.lines(List.of(GW1, GW2_SILENT))).singleElement().asString()
                .startsWith("Cloud Gateway host gw2 has not been seen since").contains("through the other hosts");
    }

    @Test
    void no_host_connected_or_none_enrolled_blocks_every_new_tunnel() {
        assertThat(GatewayHostProblems.lines(List.of(GW2_SILENT))).singleElement().asString()
                .startsWith("No Cloud Gateway host is connected (gw2), so no new tunnel can be set up");
        assertThat(GatewayHostProblems.lines(List.of())).singleElement().asString()
                .startsWith("No Cloud Gateway host has connected, so no tenant network can be extended");
    }
}

package io.lifeboat.network.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.network.GatewayHostService.GatewayHost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayHostProblemsTest {

    private static final Instant SEEN = Instant.parse("2026-12-05T06:00:00Z");
    private static final GatewayHost GW1 = new GatewayHost("gw1", "203.0.113.10", SEEN, true, null, SEEN.plus(Duration.ofDays(300)), false);
    private static final GatewayHost GW2_SILENT = new GatewayHost("gw2", "203.0.113.11", SEEN, false, null, SEEN.plus(Duration.ofDays(300)), false);

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

    @Test
    void a_host_whose_copy_is_refused_says_where_each_runs_and_what_to_do() {
        GatewayHost copied = new GatewayHost("gw1", "203.0.113.10", SEEN, true, "203.0.113.99", null, false);

        assertThat(GatewayHostProblems.lines(List.of(copied, GW2_SILENT))).containsExactly(
                "Cloud Gateway host gw2 has not been seen since " + io.lifeboat.ui.Formats.time(SEEN) + ": tenant NEAs reach their"
                        + " tunnels through the other hosts. Check lifeboat-cloud-gateway on it, or remove it on the Cloud Gateways page.",
                "Two hosts present the certificate of Cloud Gateway host gw1: the one at 203.0.113.10 relays tunnels, and the one"
                        + " dialling from 203.0.113.99 is refused. A copied VM or disk keeps the identity of the host it was copied"
                        + " from: enrol the copy again under a name of its own, or switch it off.");
    }

    @Test
    void a_host_whose_certificate_expires_unrenewed_is_named_with_the_date_and_what_to_do() {
        Instant expires = SEEN.plus(Duration.ofDays(12));
        GatewayHost unrenewed = new GatewayHost("gw1", "203.0.113.10", SEEN, true, null, expires, true);

        assertThat(GatewayHostProblems.lines(List.of(unrenewed))).singleElement().asString()
                .contains("The control certificate of Cloud Gateway host gw1 expires on " + io.lifeboat.ui.Formats.minute(expires))
                .contains("has not been renewed").contains("enrol it again");
    }
}

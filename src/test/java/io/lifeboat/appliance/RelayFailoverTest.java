package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tenant NEA's tunnel moving to the next Cloud Gateway's relay (ADR 0007): which relay, in which order, how fast. */
class RelayFailoverTest {

    private static final TunnelConfig CLIENT = new TunnelConfig(false, "tun0", "10.255.0.2", "10.255.0.1", "100.64.1.1", 1194,
            null, 0, "cert", "key", "AB:CD", true, List.of("100.65.1.1:1194", "100.66.1.1:1194"));

    @Test
    void the_relays_rotate_so_that_the_chosen_one_is_tried_first_and_the_others_follow_in_order() {
        assertThat(CLIENT.remotes()).containsExactly("100.64.1.1:1194", "100.65.1.1:1194", "100.66.1.1:1194");
        assertThat(CLIENT.startingAtRemote(1).remotes()).containsExactly("100.65.1.1:1194", "100.66.1.1:1194", "100.64.1.1:1194");
        assertThat(CLIENT.startingAtRemote(3)).isEqualTo(CLIENT);
        assertThat(remotesIn(OpenVpnCommand.build(CLIENT.startingAtRemote(2), Path.of("c"), Path.of("k"), Path.of("clients"))))
                .containsExactly("100.66.1.1", "100.64.1.1", "100.65.1.1");
    }

    @Test
    void once_its_session_was_up_a_refused_relay_restarts_the_client_through_the_next_relay_with_a_longer_poll() {
        RelayFailover relays = new RelayFailover(CLIENT);
        assertThat(relays.command(Path.of("c"), Path.of("k"), Path.of("clients"))).containsSequence("--server-poll-timeout", "1");
        assertThat(relays.relayGone("UDPv4 link remote: [AF_INET]100.64.1.1:1194")).isFalse();
        assertThat(relays.relayGone("read UDPv4 [ECONNREFUSED]: Connection refused (fd=4,code=111)"))
                .as("not before the session came up: the relay may still be starting").isFalse();
        assertThat(relays.relayGone(OpenVpnCommand.READY)).isFalse();

        assertThat(relays.relayGone("write UDPv4 [ECONNREFUSED]: Connection refused (fd=4,code=111)")).isTrue();
        assertThat(relays.relayGone("read UDPv4 [ECONNREFUSED]: Connection refused (fd=4,code=111)")).as("once per session").isFalse();
        assertThat(relays.firstRelay()).isEqualTo(1);
        List<String> next = relays.command(Path.of("c"), Path.of("k"), Path.of("clients"));
        assertThat(remotesIn(next)).containsExactly("100.65.1.1", "100.66.1.1", "100.64.1.1");
        assertThat(next).containsSequence("--server-poll-timeout", Long.toString(RelayFailover.SWITCHED_POLL.toSeconds()));
    }

    @Test
    void a_server_end_restarts_on_a_refused_relay_too_with_nothing_to_rotate() {
        TunnelConfig server = new TunnelConfig(true, "tun0", "10.255.0.1", "10.255.0.2", null, 0, "10.200.1.2", 1194,
                "cert", "key", "AB:CD", true);
        RelayFailover relays = new RelayFailover(server);
        relays.command(Path.of("c"), Path.of("k"), Path.of("clients"));
        relays.relayGone(OpenVpnCommand.READY);
        assertThat(relays.relayGone("write UDPv4 [ECONNREFUSED]: Connection refused (fd=4,code=111)")).isTrue();
        assertThat(relays.firstRelay()).isZero();
    }

    @Test
    void a_restart_asked_for_comes_at_once_not_after_the_backoff_pause() throws Exception {
        AtomicInteger ups = new AtomicInteger();
        TunnelSupervisor tunnel = new TunnelSupervisor(() -> List.of("sh", "-c", "echo '" + OpenVpnCommand.READY + "'; exec sleep 30"),
                new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofHours(1)), ups::incrementAndGet, false);
        tunnel.start();
        try {
            await(() -> ups.get() == 1);
            tunnel.restartNow();
            await(() -> ups.get() == 2);
            assertThat(tunnel.restarts()).isEqualTo(1);
            assertThat(tunnel.isUp()).isTrue();
        } finally {
            tunnel.stop();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within 10 s, well before the 30 s backoff").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static List<String> remotesIn(List<String> command) {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).equals("--remote")) {
                hosts.add(command.get(i + 1));
            }
        }
        return hosts;
    }
}

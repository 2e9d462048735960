package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** With a stand-in process instead of OpenVPN: a "tunnel" that comes up, then dies after 200 ms, again and again. */
class TunnelSupervisorTest {

    @Test
    void restarts_an_exiting_process_and_re_adds_routes_each_time_it_comes_up() throws Exception {
        AtomicInteger ups = new AtomicInteger();
        TunnelSupervisor s = new TunnelSupervisor(
                () -> List.of("sh", "-c", "echo '" + OpenVpnCommand.READY + "'; sleep 0.2; exit 1"),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(60)), ups::incrementAndGet, false);
        s.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (s.restarts() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(s.restarts()).isGreaterThanOrEqualTo(3);
            assertThat(ups.get()).isGreaterThanOrEqualTo(3);
        } finally {
            s.stop();
        }
        assertThat(s.isUp()).isFalse();
        assertThat(s.pid()).isNull();
    }

    /** A command that cannot be made (a relay address that does not parse) is an error retried, not a thread that dies. */
    @Test
    void a_command_that_cannot_be_made_is_reported_and_tried_again() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean unparsable = new java.util.concurrent.atomic.AtomicBoolean(true);
        TunnelSupervisor s = new TunnelSupervisor(() -> {
            if (unparsable.get()) {
                throw new IllegalArgumentException("not an IPv4 address: relay.example");
            }
            return List.of("sh", "-c", "echo '" + OpenVpnCommand.READY + "'; sleep 30");
        }, new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(60)), () -> { }, false);
        s.start();
        try {
            awaitTrue(() -> s.lastError() != null);
            assertThat(s.lastError()).contains("not an IPv4 address: relay.example");
            unparsable.set(false);   // the portal sent a state that parses
            awaitTrue(s::isUp);
            assertThat(s.restarts()).isPositive();
        } finally {
            s.stop();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("within 10 s").isTrue();
    }

    /**
     * A stop that comes while the supervisor is starting OpenVPN (its command being made, the process not yet known)
     * must end that process too: left running, it would hold the tunnel's port and device against its successor.
     */
    @Test
    void a_stop_while_the_process_is_being_started_ends_that_process_too() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        TunnelSupervisor s = new TunnelSupervisor(() -> {
            asked.countDown();
            awaitIgnoringInterrupts(stopped);   // the stop comes while the command is being made
            return List.of("sleep", "30");
        }, new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(60)), () -> { }, false);
        s.start();
        assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
        s.stop();
        stopped.countDown();

        Thread.sleep(500);   // the supervisor starts the process it was making, then must see the stop
        assertThat(s.pid()).as("the process started after the stop was ended").isNull();
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void reports_down_and_the_error_when_the_process_cannot_start() throws Exception {
        TunnelSupervisor s = new TunnelSupervisor(() -> List.of("/nonexistent/openvpn"),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(60)), () -> { }, false);
        s.start();
        try {
            Thread.sleep(200);
            assertThat(s.isUp()).isFalse();
            assertThat(s.lastError()).contains("openvpn");
        } finally {
            s.stop();
        }
    }

    /** The server's tun device is up before any client: the tunnel is up from the client's session to its end. */
    @Test
    void a_server_is_up_while_its_client_session_is_and_a_replaced_sessions_end_does_not_take_it_down() throws Exception {
        String script = String.join("; ",
                "echo '" + OpenVpnCommand.READY + "'", "sleep 0.3",
                "echo 'b/10.99.0.2:35378 MULTI: primary virtual IP for b/10.99.0.2:35378: 10.98.0.2'", "sleep 0.3",
                "echo 'b/10.99.0.3:40000 MULTI: primary virtual IP for b/10.99.0.3:40000: 10.98.0.2'",
                "echo 'b/10.99.0.2:35378 SIGTERM[soft,remote-exit] received, client-instance exiting'", "sleep 1",
                "echo 'b/10.99.0.3:40000 SIGUSR1[soft,ping-restart] received, client-instance restarting'", "exec sleep 30");
        AtomicInteger routed = new AtomicInteger();
        TunnelSupervisor s = new TunnelSupervisor(() -> List.of("sh", "-c", script),
                new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofHours(1)), routed::incrementAndGet, true);
        java.util.Set<String> read = java.util.concurrent.ConcurrentHashMap.newKeySet();
        s.onOutput(read::add);   // called once the supervisor has taken the line into account
        s.start();
        try {
            within10s().until(() -> routed.get() == 1);
            assertThat(s.isUp()).as("tun device up, no client yet").isFalse();
            within10s().until(s::isUp);
            within10s().until(() -> read.stream().anyMatch(line -> line.contains("client-instance exiting")));
            assertThat(s.isUp()).as("the first session's end came after its replacement began").isTrue();
            within10s().until(() -> !s.isUp());
        } finally {
            s.stop();
        }
    }

    private static org.awaitility.core.ConditionFactory within10s() {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
    }
}

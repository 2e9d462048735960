package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** With a stand-in process instead of OpenVPN: a "tunnel" that comes up, then dies after 200 ms, again and again. */
class TunnelSupervisorTest {

    @Test
    void restarts_an_exiting_process_and_re_adds_routes_each_time_it_comes_up() throws Exception {
        AtomicInteger ups = new AtomicInteger();
        TunnelSupervisor s = new TunnelSupervisor(
                () -> List.of("sh", "-c", "echo '" + OpenVpnCommand.READY + "'; sleep 0.2; exit 1"),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(60)), ups::incrementAndGet);
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

    @Test
    void reports_down_and_the_error_when_the_process_cannot_start() throws Exception {
        TunnelSupervisor s = new TunnelSupervisor(() -> List.of("/nonexistent/openvpn"),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(60)), () -> { });
        s.start();
        try {
            Thread.sleep(200);
            assertThat(s.isUp()).isFalse();
            assertThat(s.lastError()).contains("openvpn");
        } finally {
            s.stop();
        }
    }
}

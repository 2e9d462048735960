package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With stand-ins for {@code ip -batch}: one that answers as ip does, one that hangs as ip has been seen to. */
class IpBatchTest {

    /** Echoes every line as an error, and answers the sentinel as {@code ip link show dev lo} would. */
    private static final List<String> ANSWERING = List.of("sh", "-c", "while read l; do if [ \"$l\" = 'link show dev lo' ];"
            + " then echo '1: lo: <LOOPBACK,UP>'; echo '    link/loopback 00:00:00:00:00:00'; else echo \"error: $l\"; fi; done");

    @Test
    void a_batch_returns_the_lines_ip_printed_before_the_sentinel_and_the_process_serves_the_next_batch() {
        try (IpBatch ip = new IpBatch(ANSWERING, Duration.ofSeconds(10))) {
            assertThat(ip.run(List.of("route del 192.168.60.10/32 dev tun0"))).containsExactly("error: route del 192.168.60.10/32 dev tun0");
            assertThat(ip.run(List.of("route replace 192.168.60.11/32 dev tun0", "address replace 169.254.0.1/32 dev lan0")))
                    .containsExactly("error: route replace 192.168.60.11/32 dev tun0", "error: address replace 169.254.0.1/32 dev lan0");
        }
    }

    /** A hung ip held the appliance's lock for good: now it is ended, and the batch runs in a process of its own. */
    @Test
    void an_ip_that_never_answers_is_given_up_on_and_the_batch_runs_once_more_in_a_process_of_its_own() {
        try (IpBatch ip = new IpBatch(List.of("sh", "-c", "cat > /dev/null"), Duration.ofMillis(300))) {
            List<String> errors = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> ip.run(List.of("route del 192.168.60.10/32 dev tun0")));
            assertThat(errors).as("the last resort's process read its input and ended with 0").isEmpty();
        }
    }
}

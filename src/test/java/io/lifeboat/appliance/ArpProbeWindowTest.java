package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Probing many addresses in one window, driven by hand: frames in, probes out, on a clock of the test's own. */
class ArpProbeWindowTest {

    private static final MacAddress OWN = MacAddress.parse("02:00:00:00:00:fe");
    private static final MacAddress VM_11 = MacAddress.parse("02:00:00:00:00:11");
    private static final MacAddress VM_12 = MacAddress.parse("02:00:00:00:00:12");
    private static final int IP_10 = Ipv4.parse("192.168.60.10");
    private static final int IP_11 = Ipv4.parse("192.168.60.11");
    private static final int IP_12 = Ipv4.parse("192.168.60.12");
    private static final Duration WINDOW = Duration.ofMillis(300);
    private static final long T0 = 5_000_000_000L;

    private static long at(long ms) {
        return T0 + Duration.ofMillis(ms).toNanos();
    }

    /** "{@code ip} is at {@code mac}", as a station answering our probe replies. */
    private static byte[] replyFrom(MacAddress mac, int ip) {
        return new ArpFrame(OWN, mac, ArpFrame.REPLY, mac, ip, OWN, 0).toBytes();
    }

    private static List<Integer> targets(List<byte[]> probes) {
        return probes.stream().map(b -> ArpFrame.parse(b).orElseThrow()).peek(f -> {
            assertThat(f.isProbe()).isTrue();
            assertThat(f.senderMac()).isEqualTo(OWN);
        }).map(ArpFrame::targetIp).toList();
    }

    @Test
    void each_round_probes_every_address_nobody_has_claimed_yet() {
        ArpProbeWindow window = new ArpProbeWindow(List.of(IP_10, IP_11, IP_12), OWN, WINDOW, T0);

        assertThat(targets(window.due(at(0)))).containsExactly(IP_10, IP_11, IP_12);
        window.observe(replyFrom(VM_11, IP_11), at(4));
        assertThat(window.due(at(50))).as("the next round is 100 ms after the first").isEmpty();
        assertThat(targets(window.due(at(100)))).containsExactly(IP_10, IP_12);
        assertThat(targets(window.due(at(200)))).containsExactly(IP_10, IP_12);
        assertThat(window.due(at(299))).as("three rounds, no more").isEmpty();
        assertThat(window.done(at(299))).isFalse();
        assertThat(window.done(at(300))).isTrue();
    }

    @Test
    void results_come_in_the_order_asked_claimed_ones_with_the_claimer_and_when() {
        ArpProbeWindow window = new ArpProbeWindow(List.of(IP_12, IP_10, IP_11), OWN, WINDOW, T0);
        window.due(at(0));
        window.observe(replyFrom(VM_11, IP_11), at(3));
        window.observe(replyFrom(VM_12, IP_12), at(104));

        assertThat(window.results(at(300))).containsExactly(
                new ProbeResult("192.168.60.12", true, "02:00:00:00:00:12", 104),
                new ProbeResult("192.168.60.10", false, null, 300),
                new ProbeResult("192.168.60.11", true, "02:00:00:00:00:11", 3));
    }

    @Test
    void the_window_ends_as_soon_as_every_address_is_claimed() {
        ArpProbeWindow window = new ArpProbeWindow(List.of(IP_11, IP_12), OWN, WINDOW, T0);
        window.due(at(0));
        window.observe(replyFrom(VM_11, IP_11), at(2));
        assertThat(window.done(at(2))).isFalse();

        window.observe(replyFrom(VM_12, IP_12), at(5));

        assertThat(window.done(at(5))).isTrue();
        assertThat(window.due(at(100))).isEmpty();
    }

    @Test
    void another_station_probing_for_an_address_claims_it_but_our_own_probes_and_the_first_claimer_stay() {
        ArpProbeWindow window = new ArpProbeWindow(List.of(IP_11), OWN, WINDOW, T0);
        for (byte[] own : window.due(at(0))) {
            window.observe(own, at(1));   // a capture that sees our own probes
        }
        assertThat(window.done(at(1))).isFalse();

        window.observe(ArpFrame.probe(VM_11, IP_11).toBytes(), at(7));
        window.observe(replyFrom(VM_12, IP_11), at(9));

        assertThat(window.results(at(9))).containsExactly(new ProbeResult("192.168.60.11", true, "02:00:00:00:00:11", 7));
    }

    @Test
    void a_frame_about_another_address_or_no_arp_at_all_claims_nothing() {
        ArpProbeWindow window = new ArpProbeWindow(List.of(IP_10), OWN, WINDOW, T0);
        window.due(at(0));

        window.observe(replyFrom(VM_11, IP_11), at(1));
        window.observe(new byte[12], at(2));

        assertThat(window.results(at(300))).containsExactly(new ProbeResult("192.168.60.10", false, null, 300));
    }

    @Test
    void an_address_asked_twice_is_probed_once_and_answered_twice() {
        ArpProbeWindow window = new ArpProbeWindow(List.of(IP_11, IP_11), OWN, WINDOW, T0);

        assertThat(targets(window.due(at(0)))).containsExactly(IP_11);
        window.observe(replyFrom(VM_11, IP_11), at(6));

        assertThat(window.results(at(6))).hasSize(2).allSatisfy(r -> assertThat(r.mac()).isEqualTo("02:00:00:00:00:11"));
    }

    @Test
    void nothing_to_probe_is_done_at_once() {
        ArpProbeWindow window = new ArpProbeWindow(List.of(), OWN, WINDOW, T0);

        assertThat(window.due(at(0))).isEmpty();
        assertThat(window.done(at(0))).isTrue();
        assertThat(window.results(at(0))).isEmpty();
    }
}

package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConflictWatchTest {

    private static final MacAddress OWN = MacAddress.parse("02:00:00:00:00:fe");
    private static final MacAddress VM = MacAddress.parse("02:00:00:00:00:11");
    private static final int IP_11 = Ipv4.parse("192.168.60.11");
    private static final int IP_20 = Ipv4.parse("192.168.60.20");

    private final AtomicLong clock = new AtomicLong(1_000);
    private final ConflictWatch watch = new ConflictWatch(OWN, clock::get);

    private static byte[] hex(String frame) {
        return HexFormat.of().parseHex(frame);
    }

    private static byte[] frame(MacAddress ethSource, int op, MacAddress sender, int senderIp, int targetIp) {
        return new ArpFrame(MacAddress.BROADCAST, ethSource, op, sender, senderIp, MacAddress.ZERO, targetIp).toBytes();
    }

    @Test
    void another_stations_reply_for_a_failed_over_ip_is_a_conflict() {
        watch.watch(Set.of(IP_11));

        watch.observe(hex(TestFrames.REPLY_11_IS_AT));

        assertThat(watch.conflicts()).containsExactly(new ArpConflict("192.168.60.11", "02:00:00:00:00:11", 1_000, 1_000, false));
    }

    @Test
    void captured_gratuitous_announcements_are_one_conflict_per_ip_and_mac_whose_last_sighting_moves() throws Exception {
        List<byte[]> captured = PcapFixture.frames("/fixtures/arp-lan.pcap");   // 2 and 3: arping -U / -A for .20
        watch.watch(Set.of(IP_20));

        watch.observe(captured.get(2));
        clock.set(1_250);
        watch.observe(captured.get(3));

        assertThat(watch.conflicts()).containsExactly(new ArpConflict("192.168.60.20", "02:00:00:00:00:20", 1_000, 1_250, false));
    }

    @Test
    void a_station_asking_with_the_ip_as_sender_claims_it_too() throws Exception {
        watch.watch(Set.of(IP_20));

        watch.observe(PcapFixture.frames("/fixtures/arp-lan.pcap").get(0));   // .20 asks for .1

        assertThat(watch.conflicts()).extracting(ArpConflict::mac).containsExactly("02:00:00:00:00:20");
    }

    @Test
    void a_probe_is_reported_as_such_until_the_same_station_claims_the_ip() {
        watch.watch(Set.of(IP_11));

        watch.observe(hex(TestFrames.PROBE_FOR_11));
        assertThat(watch.conflicts()).containsExactly(new ArpConflict("192.168.60.11", "02:00:00:00:00:20", 1_000, 1_000, true));

        clock.set(2_000);
        MacAddress prober = MacAddress.parse("02:00:00:00:00:20");
        watch.observe(frame(prober, ArpFrame.REQUEST, prober, IP_11, IP_11));
        assertThat(watch.conflicts()).containsExactly(new ArpConflict("192.168.60.11", "02:00:00:00:00:20", 1_000, 2_000, false));
    }

    @Test
    void two_stations_claiming_the_ip_are_two_conflicts_oldest_first() {
        MacAddress other = MacAddress.parse("02:00:00:00:00:33");
        watch.watch(Set.of(IP_11));

        watch.observe(frame(VM, ArpFrame.REQUEST, VM, IP_11, IP_11));
        clock.set(1_100);
        watch.observe(frame(other, ArpFrame.REPLY, other, IP_11, IP_20));

        assertThat(watch.conflicts()).extracting(ArpConflict::mac).containsExactly("02:00:00:00:00:11", "02:00:00:00:00:33");
    }

    @Test
    void own_frames_never_count_nor_announcements_the_nea_sends_for_the_vm() {
        watch.watch(Set.of(IP_11));

        watch.observe(frame(OWN, ArpFrame.REQUEST, OWN, IP_11, IP_11));
        watch.observe(frame(OWN, ArpFrame.REPLY, OWN, IP_11, IP_20));
        ArpFrame.announcement(OWN, VM, IP_11).forEach(f -> watch.observe(f.toBytes()));
        watch.observe(ArpFrame.probe(OWN, IP_11).toBytes());

        assertThat(watch.conflicts()).isEmpty();
    }

    @Test
    void frames_for_other_ips_and_requests_asking_for_the_ip_never_count() {
        watch.watch(Set.of(IP_11));
        MacAddress host = MacAddress.parse("02:00:00:00:00:20");

        watch.observe(frame(host, ArpFrame.REQUEST, host, IP_20, IP_11));            // who-has .11 tell .20
        watch.observe(frame(host, ArpFrame.REQUEST, host, IP_20, IP_20));            // .20 announces itself
        watch.observe(ArpFrame.probe(host, Ipv4.parse("192.168.60.12")).toBytes());   // probes another IP
        watch.observe(frame(host, ArpFrame.REPLY, host, 0, IP_11));                   // a "reply" from 0.0.0.0 is no probe

        assertThat(watch.conflicts()).isEmpty();
    }

    @Test
    void conflicts_are_dropped_when_the_ip_leaves_the_desired_state_and_not_seen_while_unwatched() {
        watch.watch(Set.of(IP_11, IP_20));
        watch.observe(hex(TestFrames.REPLY_11_IS_AT));
        watch.observe(frame(VM, ArpFrame.REQUEST, VM, IP_20, IP_20));

        watch.watch(Set.of(IP_20));
        assertThat(watch.conflicts()).extracting(ArpConflict::ip).containsExactly("192.168.60.20");

        watch.observe(hex(TestFrames.REPLY_11_IS_AT));
        watch.watch(Set.of());
        watch.observe(frame(VM, ArpFrame.REQUEST, VM, IP_20, IP_20));
        assertThat(watch.conflicts()).isEmpty();
    }

    @Test
    void a_machine_unheard_for_five_seconds_is_over_and_its_comeback_is_a_new_conflict() {
        watch.watch(Set.of(IP_11));
        watch.observe(hex(TestFrames.REPLY_11_IS_AT));                        // it answered a probe at 1.0 s

        clock.set(1_000 + ConflictWatch.GONE_AFTER_MS);
        assertThat(watch.conflicts()).as("five probe rounds unanswered: not over yet").hasSize(1);
        clock.set(1_001 + ConflictWatch.GONE_AFTER_MS);
        assertThat(watch.conflicts()).as("over").isEmpty();

        clock.set(20_000);
        watch.observe(hex(TestFrames.REPLY_11_IS_AT));                        // powered on again
        assertThat(watch.conflicts()).containsExactly(new ArpConflict("192.168.60.11", "02:00:00:00:00:11", 20_000, 20_000, false));
    }

    /** Random and mutated frames: nothing escapes, and every conflict is a watched IP claimed by another MAC. */
    @Test
    void fuzz_never_throws_and_reports_only_watched_ips_of_other_stations() {
        Set<Integer> watched = Set.of(IP_11, IP_20);
        watch.watch(watched);
        Random rnd = new Random(5227);
        byte[] valid = frame(VM, ArpFrame.REQUEST, VM, IP_11, IP_11);
        for (int i = 0; i < 100_000; i++) {
            byte[] f;
            if (i % 2 == 0) {
                f = new byte[rnd.nextInt(80)];
                rnd.nextBytes(f);
            } else {
                f = valid.clone();
                for (int k = rnd.nextInt(4) + 1; k > 0; k--) {
                    f[rnd.nextInt(f.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
            }
            watch.observe(f);
        }
        assertThat(watch.conflicts()).isNotEmpty().allSatisfy(c -> {
            assertThat(watched).contains(Ipv4.parse(c.ip()));
            assertThat(c.mac()).isNotEqualTo(OWN.toString());
        });
    }
}

package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArpAnnouncerTest {

    private static final MacAddress NEA = MacAddress.parse("02:00:00:00:00:fe");
    private static final MacAddress VM = MacAddress.parse("02:00:00:00:00:11");
    private static final int IP = Ipv4.parse("192.168.60.11");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<ArpFrame> sent = new CopyOnWriteArrayList<>();
    private final ArpAnnouncer announcer = new ArpAnnouncer(b -> sent.add(ArpFrame.parse(b).orElseThrow()), NEA, scheduler);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void sends_the_first_round_at_once_and_the_others_within_about_100_ms() throws Exception {
        announcer.announce(IP, VM);

        assertThat(sent).hasSize(2);
        Thread.sleep(400);
        assertThat(sent).hasSize(2 * ArpAnnouncer.ROUNDS.size()).allSatisfy(f -> {
            assertThat(f.ethSource()).isEqualTo(NEA);
            assertThat(f.senderMac()).isEqualTo(VM);
            assertThat(f.senderIp()).isEqualTo(IP);
            assertThat(f.ethDestination()).isEqualTo(MacAddress.BROADCAST);
        });
    }

    @Test
    void a_newer_announcement_of_the_ip_cancels_the_older_ones_rounds_so_caches_end_on_the_latest_owner() throws Exception {
        announcer.announce(IP, NEA);
        announcer.announce(IP, VM);
        Thread.sleep(400);

        assertThat(sent.stream().filter(f -> f.senderMac().equals(NEA))).hasSize(2);
        assertThat(sent.get(sent.size() - 1).senderMac()).isEqualTo(VM);
    }

    @Test
    void withdrawing_an_ip_stops_the_neas_own_pending_rounds() throws Exception {
        announcer.announce(IP, NEA);
        announcer.withdraw(IP);
        Thread.sleep(300);

        assertThat(sent).hasSize(2);
    }

    @Test
    void withdrawing_an_ip_leaves_the_rounds_for_the_vm_going() throws Exception {
        announcer.announce(IP, VM);
        announcer.withdraw(IP);          // the portal released the IP just after asking for the announcement
        Thread.sleep(400);

        assertThat(sent).hasSize(2 * ArpAnnouncer.ROUNDS.size());
    }

    @Test
    void refuses_a_group_or_zero_mac_which_would_blackhole_the_ip() {
        for (MacAddress bad : List.of(MacAddress.BROADCAST, MacAddress.ZERO, MacAddress.parse("01:00:5e:00:00:01"))) {
            assertThatThrownBy(() -> announcer.announce(IP, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a unicast MAC");
        }
        assertThat(sent).isEmpty();
    }
}

package io.lifeboat.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.network.AddressProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finish takes the summary's LAN probe only while it is recent, and only for the same tenant, network and address. */
class RecentAddressProbesTest {

    private Instant now = Instant.parse("2026-12-02T20:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final RecentAddressProbes probes = new RecentAddressProbes(Duration.ofMinutes(1), clock);

    @Test
    void an_answer_stands_for_a_new_probe_within_the_reuse_window_and_not_after() {
        AddressProbe claimed = new AddressProbe("192.168.60.10", true, "00:0c:29:aa:bb:cc");
        probes.remember(1, 7, "192.168.60.10", Optional.of(claimed));

        now = now.plusSeconds(59);
        assertThat(probes.recent(1, 7, "192.168.60.10")).map(RecentAddressProbes.Probed::answer).contains(Optional.of(claimed));

        now = now.plusSeconds(2);
        assertThat(probes.recent(1, 7, "192.168.60.10")).as("older than a minute: probe again").isEmpty();
    }

    @Test
    void a_failed_probe_of_a_network_takes_its_earlier_answers_and_only_its() {
        probes.remember(1, 7, "192.168.60.10", Optional.of(new AddressProbe("192.168.60.10", false, null)));
        probes.remember(1, 7, "192.168.60.11", Optional.of(new AddressProbe("192.168.60.11", false, null)));
        probes.remember(1, 8, "192.168.70.10", Optional.of(new AddressProbe("192.168.70.10", false, null)));
        probes.remember(2, 7, "192.168.60.10", Optional.of(new AddressProbe("192.168.60.10", false, null)));

        probes.forget(1, 7);

        assertThat(probes.recent(1, 7, "192.168.60.10")).as("probe again: the network's appliance may not start now").isEmpty();
        assertThat(probes.recent(1, 7, "192.168.60.11")).isEmpty();
        assertThat(probes.recent(1, 8, "192.168.70.10")).as("another network of the tenant").isPresent();
        assertThat(probes.recent(2, 7, "192.168.60.10")).as("another tenant's network of the same id").isPresent();
    }

    @Test
    void another_tenant_network_or_address_never_takes_it() {
        probes.remember(1, 7, "192.168.60.10", Optional.of(new AddressProbe("192.168.60.10", false, null)));

        assertThat(probes.recent(2, 7, "192.168.60.10")).as("another tenant with the same subnet").isEmpty();
        assertThat(probes.recent(1, 8, "192.168.60.10")).isEmpty();
        assertThat(probes.recent(1, 7, "192.168.60.11")).isEmpty();
    }
}

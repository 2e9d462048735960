package io.lifeboat.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lifeboat.MovableClock;
import io.lifeboat.appliance.NeaRole;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * When each NEA's control certificate expires, recorded as its stream opens (ADR 0014, point 6): one node records it,
 * every node reads it, a renewal replaces it; 30 days before it expires unrenewed, and once it expired, it is flagged.
 */
class NeaCertificatesTest {

    private static final TenantNetworkInfo ACME_LAN = new TenantNetworkInfo(7, 1, "LAN", "192.168.60.0/24", "192.168.60.1", 3001,
            "tenant.acme.vlan3001", null, "acme-lan", true);
    private static final TenantNetworkRef ACME = TenantNetworkRef.of("acme", ACME_LAN);
    private static final Set<NeaRole> BOTH = EnumSet.allOf(NeaRole.class);

    private final JdbcTemplate jdbc = database();
    private final MovableClock clock = new MovableClock();
    private final Streams streams = new Streams();
    private final NeaCertificates recordingNode = new NeaCertificates(Optional.of(streams), jdbc, clock);
    private final NeaCertificates otherNode = new NeaCertificates(Optional.empty(), jdbc, clock);

    @Test
    void an_nea_connecting_is_recorded_with_its_certificates_expiry_for_every_node_and_a_renewal_replaces_it() {
        recordingNode.start();
        Instant first = clock.instant().plus(Duration.ofDays(397));
        Instant renewed = clock.instant().plus(Duration.ofDays(265 + 397));

        assertThat(otherNode.of(ACME, ACME_LAN, BOTH)).as("before it connected").isEmpty();
        streams.connect("acme/n7/t", first);
        assertThat(otherNode.of(ACME, ACME_LAN, BOTH)).containsExactly(
                new NeaCertificate(NeaRole.TENANT, first, false, false, "nea-lan-7-tenant"));

        clock.advance(Duration.ofDays(265));
        streams.connect("acme/n7/t", renewed);
        streams.connect("acme/n7/p", first.plus(Duration.ofDays(265)));
        assertThat(otherNode.of(ACME, ACME_LAN, BOTH)).extracting(NeaCertificate::role, NeaCertificate::expires)
                .containsExactlyInAnyOrder(tuple(NeaRole.TENANT, renewed),
                        tuple(NeaRole.PROVIDER, first.plus(Duration.ofDays(265))));
    }

    @Test
    void a_certificate_expiring_within_30_days_is_not_renewed_and_one_past_its_expiry_is_expired() {
        Instant expires = clock.instant().plus(Duration.ofDays(31));
        otherNode.connected("acme/n7/t", expires);

        assertThat(otherNode.of(ACME, ACME_LAN, BOTH)).singleElement().satisfies(c -> {
            assertThat(c.notRenewed()).as("31 days left: renewal may still come").isFalse();
            assertThat(c.expired()).isFalse();
        });
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(otherNode.of(ACME, ACME_LAN, BOTH)).singleElement().satisfies(c -> {
            assertThat(c.notRenewed()).as("less than 30 days left").isTrue();
            assertThat(c.expired()).isFalse();
        });
        clock.advance(Duration.ofDays(30));
        assertThat(otherNode.of(ACME, ACME_LAN, BOTH)).singleElement().satisfies(c -> {
            assertThat(c.expired()).isTrue();
            assertThat(c.notRenewed()).as("said as expired, not as due").isFalse();
        });
    }

    @Test
    void an_nea_that_does_not_run_is_listed_only_once_its_certificate_expired() {
        otherNode.connected("acme/n7/p", clock.instant().plus(Duration.ofDays(10)));

        assertThat(otherNode.of(ACME, ACME_LAN, EnumSet.of(NeaRole.TENANT))).as("its VM is off: it renews when next started").isEmpty();
        clock.advance(Duration.ofDays(11));
        assertThat(otherNode.of(ACME, ACME_LAN, EnumSet.of(NeaRole.TENANT))).as("it would be refused when next started")
                .singleElement().extracting(NeaCertificate::role, NeaCertificate::expired).containsExactly(NeaRole.PROVIDER, true);
    }

    @Test
    void a_network_reads_only_its_own_tenants_neas() {
        otherNode.connected("globex/n7/t", clock.instant().plus(Duration.ofDays(5)));
        otherNode.connected("acme/n8/t", clock.instant().plus(Duration.ofDays(5)));

        assertThat(otherNode.of(ACME, ACME_LAN, BOTH)).isEmpty();
    }

    private static JdbcTemplate database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:nea-certificates-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        return new JdbcTemplate(dataSource);
    }

    /** A runtime whose NEAs connect when the test says, each with a certificate expiring when it says. */
    private static final class Streams extends BootsNoNeas {

        private final Set<BiConsumer<String, Instant>> listeners = ConcurrentHashMap.newKeySet();

        void connect(String applianceId, Instant expires) {
            listeners.forEach(l -> l.accept(applianceId, expires));
        }

        @Override
        public void onNeaCertificate(BiConsumer<String, Instant> listener) {
            listeners.add(listener);
        }
    }
}

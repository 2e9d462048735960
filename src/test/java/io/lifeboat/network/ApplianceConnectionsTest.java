package io.lifeboat.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifeboat.MovableClock;
import io.lifeboat.appliance.NeaRole;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two portal nodes on one database: each knows only the streams open on itself, and tells from the other's records
 * whether an appliance is connected there; a node that is gone (its records no longer refreshed) or that stopped counts
 * for nothing, and the first sighting of a silence is shared.
 */
class ApplianceConnectionsTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final String ACME_T = "acme/n1/t";

    private final JdbcTemplate jdbc = database();
    private final MovableClock clock = new MovableClock();
    private final Streams streamsOfNode1 = new Streams();
    private final Streams streamsOfNode2 = new Streams();
    private final ApplianceConnections node1 = new ApplianceConnections(Optional.of(streamsOfNode1), jdbc, HEARTBEAT, clock);
    private final ApplianceConnections node2 = new ApplianceConnections(Optional.of(streamsOfNode2), jdbc, HEARTBEAT, clock);

    @AfterEach
    void stopNodes() {
        node1.stop();
        node2.stop();
    }

    @Test
    void a_stream_open_on_one_node_is_seen_by_the_other_until_it_closes() {
        assertThat(node2.connectedAnywhere(ACME_T)).isFalse();

        streamsOfNode1.open(ACME_T);
        node1.record();
        assertThat(node1.connectedAnywhere(ACME_T)).isTrue();
        assertThat(node2.connectedAnywhere(ACME_T)).isTrue();
        assertThat(node2.connectedAnywhere("acme/n1/p")).isFalse();

        streamsOfNode1.close(ACME_T);
        assertThat(node1.connectedAnywhere(ACME_T)).as("its own streams: known at once").isFalse();
        node1.record();
        assertThat(node2.connectedAnywhere(ACME_T)).isFalse();
    }

    @Test
    void the_records_of_a_node_that_is_gone_go_stale_and_those_of_a_node_that_stopped_go_at_once() {
        streamsOfNode1.open(ACME_T);
        node1.record();

        clock.advance(HEARTBEAT.multipliedBy(2));
        assertThat(node2.connectedAnywhere(ACME_T)).as("two heartbeats missed: still connected").isTrue();
        clock.advance(HEARTBEAT.plusSeconds(1));
        assertThat(node2.connectedAnywhere(ACME_T)).as("three missed: node 1 is gone").isFalse();

        node1.record();
        assertThat(node2.connectedAnywhere(ACME_T)).isTrue();
        node1.stop();
        assertThat(node2.connectedAnywhere(ACME_T)).isFalse();
    }

    @Test
    void an_appliance_that_reconnected_to_another_node_is_recorded_there() {
        streamsOfNode1.open(ACME_T);
        node1.record();
        streamsOfNode1.close(ACME_T);   // its gateway died; it dialled the other
        streamsOfNode2.open(ACME_T);
        node2.record();
        node1.record();

        assertThat(node1.connectedAnywhere(ACME_T)).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from appliance_connection", Integer.class)).isOne();
    }

    @Test
    void a_silence_counts_from_the_first_node_that_found_it_and_ends_when_the_appliance_connects() {
        assertThat(node1.silentFor(ACME_T)).isZero();
        clock.advance(Duration.ofSeconds(40));
        assertThat(node2.silentFor(ACME_T)).isEqualTo(Duration.ofSeconds(40));

        streamsOfNode2.open(ACME_T);
        assertThat(node1.silentFor(ACME_T)).as("node 2 has not recorded it yet").isEqualTo(Duration.ofSeconds(40));
        node2.record();
        assertThat(node1.silentFor(ACME_T)).isZero();

        streamsOfNode2.close(ACME_T);
        node2.record();
        clock.advance(Duration.ofSeconds(5));
        assertThat(node1.silentFor(ACME_T)).as("a new silence starts afresh").isZero();
        clock.advance(Duration.ofSeconds(5));
        assertThat(node1.silentFor(ACME_T)).isEqualTo(Duration.ofSeconds(5));
        node1.forgetSilence(ACME_T);
        assertThat(node2.silentFor(ACME_T)).isZero();
    }

    @Test
    void a_stream_that_opens_is_recorded_without_waiting_for_the_heartbeat() throws InterruptedException {
        Streams streams = new Streams();
        ApplianceConnections hourly = new ApplianceConnections(Optional.of(streams), jdbc, Duration.ofHours(1), clock);
        try {
            hourly.start();
            Thread.sleep(200);   // its first heartbeat has run, the next is an hour away
            streams.open(ACME_T);

            await().atMost(Duration.ofSeconds(5)).until(() -> node2.connectedAnywhere(ACME_T));
        } finally {
            hourly.stop();
        }
    }

    /**
     * A node asked about two of its streams asks both holders at once: one after the other, a few silent holders ahead
     * of a live one held its answer back until the node asking took this one for gone. Each probe here waits (10 s at
     * most) until the other has started too; then the live holder answers and the silent one does not.
     */
    @Test
    void a_node_asks_about_all_its_holders_at_once_and_answers_each() throws InterruptedException {
        String silent = "acme/n1/p";
        streamsOfNode1.open(silent);
        streamsOfNode1.open(ACME_T);
        node1.record();
        jdbc.update("update appliance_connection set claimed_at = ?", Timestamp.from(clock.instant()));

        CountDownLatch bothAsked = new CountDownLatch(2);
        Set<String> askedAtOnce = ConcurrentHashMap.newKeySet();
        node1.answerClaims(id -> {
            bothAsked.countDown();
            try {
                if (bothAsked.await(10, TimeUnit.SECONDS)) {
                    askedAtOnce.add(id);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !id.equals(silent);
        });

        assertThat(askedAtOnce).as("each probe ran while the other did").containsExactlyInAnyOrder(silent, ACME_T);
        assertThat(jdbc.queryForList("select appliance_id from appliance_connection where answered_at is not null and claimed_at is null",
                String.class)).as("the live holder answered, the silent one let go with its record").containsExactly(ACME_T);
        assertThat(jdbc.queryForObject("select count(*) from appliance_connection", Integer.class)).isOne();
    }

    private static JdbcTemplate database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:connections-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        return new JdbcTemplate(dataSource);
    }

    /** The control streams open on one node, as its runtime reports them; opening one calls the connect listeners. */
    private static final class Streams extends BootsNoNeas {

        private final Set<String> open = ConcurrentHashMap.newKeySet();
        private final Set<BiConsumer<Long, NeaRole>> listeners = ConcurrentHashMap.newKeySet();

        void open(String applianceId) {
            open.add(applianceId);
            TenantNetworkRef.parseApplianceId(applianceId).ifPresent(id -> listeners.forEach(l -> l.accept(id.networkId(), id.role())));
        }

        void close(String applianceId) {
            open.remove(applianceId);
        }

        @Override
        public Set<String> connectedApplianceIds() {
            return Set.copyOf(open);
        }

        @Override
        public void onApplianceConnected(BiConsumer<Long, NeaRole> listener) {
            listeners.add(listener);
        }
    }
}

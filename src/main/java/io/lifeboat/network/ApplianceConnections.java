package io.lifeboat.network;

import io.lifeboat.shared.DaemonThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether an appliance is connected anywhere in the cluster. An appliance's control stream ends on the node its gateway
 * relayed it to, and only that node knows it is open (ADR 0008). So each node records its own streams, when one opens
 * and at every heartbeat ({@code lifeboat.network.connection-heartbeat}, 10 s), and a record not refreshed for three
 * heartbeats is of a node that is gone. A check that may run on any node (Quartz picks one) asks here before it acts on
 * an appliance it finds silent; {@link #silentFor} gives how long it has been silent, from the first sighting by any
 * node. The copies of NEAs a node refuses are recorded at the same heartbeat, for the provider ({@link #refusedCopies}).
 */
@Component
class ApplianceConnections {

    private static final Logger log = LoggerFactory.getLogger(ApplianceConnections.class);
    private static final int HEARTBEATS_BEFORE_STALE = 3;

    private final Optional<ApplianceRuntime> runtime;
    private final JdbcTemplate jdbc;
    private final Duration heartbeat;
    private final Clock clock;
    /** This node: its host name and process, and a random part for two nodes started in one process (tests). */
    private final String node = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final ScheduledExecutorService heartbeats = DaemonThreads.scheduler("appliance-connections");

    ApplianceConnections(Optional<ApplianceRuntime> runtime, JdbcTemplate jdbc,
                         @Value("${lifeboat.network.connection-heartbeat:PT10S}") Duration heartbeat, Clock clock) {
        this.runtime = runtime;
        this.jdbc = jdbc;
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    @PostConstruct
    void start() {
        runtime.ifPresent(r -> r.onApplianceConnected((networkId, role) -> heartbeats.execute(this::recordQuietly)));
        heartbeats.scheduleWithFixedDelay(this::recordQuietly, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connected to this node now, or to another whose record of it is fresh. */
    boolean connectedAnywhere(String applianceId) {
        return connectedHere().contains(applianceId) || connectedElsewhere(applianceId).isPresent();
    }

    /** The other node whose fresh record says the appliance is connected to it; empty when none does. */
    Optional<String> connectedElsewhere(String applianceId) {
        Instant fresh = clock.instant().minus(heartbeat.multipliedBy(HEARTBEATS_BEFORE_STALE));
        return jdbc.queryForList("select node_id from appliance_connection where appliance_id = ? and node_id <> ? and seen_at >= ?",
                String.class, applianceId, node, Timestamp.from(fresh)).stream().findFirst();
    }

    /**
     * How long the appliance has been connected to no node, counted from the first call that found it so (on any node);
     * zero while it is connected, which also forgets an earlier silence.
     */
    Duration silentFor(String applianceId) {
        if (connectedAnywhere(applianceId)) {
            forgetSilence(applianceId);
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        try {
            jdbc.update("insert into appliance_silence (appliance_id, since) values (?, ?)", applianceId, Timestamp.from(now));
            return Duration.ZERO;
        } catch (DuplicateKeyException seenBefore) {
            Timestamp since = jdbc.queryForObject("select since from appliance_silence where appliance_id = ?", Timestamp.class, applianceId);
            return Duration.between(since.toInstant(), now);
        }
    }

    /** Forgets that the appliance was found silent (its VM was powered off or on again: a new boot starts its count). */
    void forgetSilence(String applianceId) {
        jdbc.update("delete from appliance_silence where appliance_id = ?", applianceId);
    }

    /**
     * Writes this node's streams: drops those closed, refreshes those still open in one statement (a node holding a
     * thousand NEAs writes once per heartbeat, not a thousand times) and adds those opened since.
     */
    void record() {
        Set<String> open = connectedHere();
        Timestamp now = Timestamp.from(clock.instant());
        Set<String> recorded = new HashSet<>(jdbc.queryForList("select appliance_id from appliance_connection where node_id = ?", String.class, node));
        for (String closed : recorded) {
            if (!open.contains(closed)) {
                jdbc.update("delete from appliance_connection where appliance_id = ? and node_id = ?", closed, node);
            }
        }
        jdbc.update("update appliance_connection set seen_at = ? where node_id = ?", now, node);
        for (String opened : open) {
            if (!recorded.contains(opened)) {
                upsert(opened, now);
            }
        }
        runtime.map(ApplianceRuntime::refusedCopies).orElse(List.of()).forEach(this::recordCopy);
    }

    private void recordCopy(ApplianceRuntime.RefusedCopy copy) {
        Timestamp at = Timestamp.from(copy.lastRefused());
        if (jdbc.update("update appliance_copy set held_from = ?, refused_from = ?, seen_at = ? where appliance_id = ?",
                copy.heldFrom(), copy.refusedFrom(), at, copy.applianceId()) == 0) {
            try {
                jdbc.update("insert into appliance_copy (appliance_id, held_from, refused_from, seen_at) values (?, ?, ?, ?)",
                        copy.applianceId(), copy.heldFrom(), copy.refusedFrom(), at);
            } catch (DuplicateKeyException sameMoment) {
                // another node recorded the same copy at the same moment
            }
        }
    }

    /** The NEAs' copies some node refused within three heartbeats: still dialling. */
    List<ApplianceRuntime.RefusedCopy> refusedCopies() {
        Instant fresh = clock.instant().minus(heartbeat.multipliedBy(HEARTBEATS_BEFORE_STALE));
        return jdbc.query("select appliance_id, held_from, refused_from, seen_at from appliance_copy where seen_at >= ? order by appliance_id",
                (row, i) -> new ApplianceRuntime.RefusedCopy(row.getString(1), row.getString(2), row.getString(3),
                        row.getTimestamp(4).toInstant()), Timestamp.from(fresh));
    }

    /** This node's row for the appliance, taken over from another node's (the appliance reconnected here) or new. */
    private void upsert(String applianceId, Timestamp now) {
        if (takeOver(applianceId, now)) {
            return;
        }
        try {
            jdbc.update("insert into appliance_connection (appliance_id, node_id, seen_at) values (?, ?, ?)", applianceId, node, now);
        } catch (DuplicateKeyException anotherNodeFirst) {   // another node inserted it meanwhile: the stream is ours now
            takeOver(applianceId, now);
        }
    }

    private boolean takeOver(String applianceId, Timestamp now) {
        return jdbc.update("update appliance_connection set node_id = ?, seen_at = ? where appliance_id = ?", node, now, applianceId) > 0;
    }

    private Set<String> connectedHere() {
        return runtime.map(ApplianceRuntime::connectedApplianceIds).orElse(Set.of());
    }

    private void recordQuietly() {
        try {
            record();
        } catch (DataAccessException e) {
            log.warn("Could not record this node's appliance connections (tried again in {} s): {}", heartbeat.toSeconds(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Recording this node's appliance connections failed", e);
        }
    }

    /** A node that stops lets go of its records at once rather than after three heartbeats. */
    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
        try {
            jdbc.update("delete from appliance_connection where node_id = ?", node);
        } catch (DataAccessException e) {
            log.info("This node's appliance connection records stay until they are stale: {}", e.getMessage());
        }
    }
}

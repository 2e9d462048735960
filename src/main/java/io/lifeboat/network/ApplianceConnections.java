package io.lifeboat.network;

import io.lifeboat.appliance.GatewayLink;
import io.lifeboat.gateway.ApplianceControlServer;
import io.lifeboat.gateway.ApplianceControlServer.StreamHolder;
import io.lifeboat.gateway.OtherNodes;
import io.lifeboat.shared.DaemonThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Whether an appliance is connected anywhere in the cluster. An appliance's control stream ends on the node its gateway
 * relayed it to, and only that node knows it is open (ADR 0008). So each node records its own streams, when one opens
 * and at every heartbeat ({@code lifeboat.network.connection-heartbeat}, 10 s), and a record not refreshed for three
 * heartbeats is of a node that is gone. A check that may run on any node (Quartz picks one) asks here before it acts on
 * an appliance it finds silent; {@link #silentFor} gives how long it has been silent, from the first sighting by any
 * node. The copies of NEAs a node refuses are recorded at the same heartbeat, for the provider ({@link #refusedCopies}).
 * Each record names the process holding the stream, so that a copy a gateway relayed to another node is refused there
 * too, once the holder's node has said its process answers ({@link #holding}, {@link #answerClaims}; ADR 0005).
 */
@Component
class ApplianceConnections {

    private static final Logger log = LoggerFactory.getLogger(ApplianceConnections.class);
    private static final int HEARTBEATS_BEFORE_STALE = 3;
    /** How often a node looks for questions about its streams: a restarted process dialling another node waits that long. */
    private static final Duration CLAIM_POLL = Duration.ofSeconds(1);
    /** How long a holder's answer counts: three of a link's longest waits between dials (5 s), each of which asks again. */
    private static final Duration ANSWER_KEPT = Duration.ofSeconds(15);
    /**
     * A question left unanswered this long means the holder's node is gone (crashed: its records stay fresh for three
     * heartbeats): a live node answers within a poll and a 2 s probe, or lets its silent holder go.
     */
    private static final Duration UNANSWERED = CLAIM_POLL.plus(ApplianceControlServer.LIVENESS_PROBE).multipliedBy(2);
    private static final StreamHolder UNKNOWN_HOLDER = new StreamHolder(null, null, null, false);

    private final Optional<ApplianceRuntime> runtime;
    private final JdbcTemplate jdbc;
    private final Duration heartbeat;
    private final Clock clock;
    /** This node: its host name and process, and a random part for two nodes started in one process (tests). */
    private final String node = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final ScheduledExecutorService heartbeats = DaemonThreads.scheduler("appliance-connections");
    /** The probes of holders that other nodes asked about, one thread each while they wait. */
    private final ExecutorService probes = DaemonThreads.cachedPool("appliance-claim-probe");

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
        clusteredServer().ifPresent(server -> {
            server.consultOtherNodes(new TheOtherNodes(this, new SilencedProcesses(jdbc, clock)));
            server.onDisconnected(id -> heartbeats.execute(this::recordQuietly));   // a restarted process may dial another node
            server.onConnected(id -> quietly(() -> jdbc.update("delete from appliance_copy where appliance_id = ?", id)));   // one holds it again
            heartbeats.scheduleWithFixedDelay(() -> quietly(() -> answerClaims(server::answersOrLetsGo)), CLAIM_POLL.toMillis(), CLAIM_POLL.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
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
     * thousand NEAs writes once per heartbeat, not a thousand times), adds those opened since and names the process of
     * those whose process changed (it reconnected here).
     */
    void record() {
        Map<String, StreamHolder> open = holdersHere();
        Timestamp now = Timestamp.from(clock.instant());
        Map<String, String> recorded = new HashMap<>();
        jdbc.query("select appliance_id, instance_id from appliance_connection where node_id = ?",
                (RowCallbackHandler) row -> recorded.put(row.getString(1), row.getString(2)), node);
        for (String closed : recorded.keySet()) {
            if (!open.containsKey(closed)) {
                jdbc.update("delete from appliance_connection where appliance_id = ? and node_id = ?", closed, node);
            }
        }
        jdbc.update("update appliance_connection set seen_at = ? where node_id = ?", now, node);
        open.forEach((id, holder) -> {
            if (!recorded.containsKey(id)) {
                upsert(id, holder, now);
            } else if (!Objects.equals(recorded.get(id), holder.instance())) {
                takeOver(id, holder, now);
            }
        });
        runtime.map(ApplianceRuntime::refusedCopies).orElse(List.of()).forEach(this::recordCopy);
    }

    /**
     * Whether another node holds {@code id}'s stream for another process with certificate {@code serial}: asked by this
     * node's control server when such a process dials here. The holder's node is asked whether it answers
     * ({@link #answerClaims}); until it has said so within {@link #ANSWER_KEPT}, the one dialling is told to dial again.
     */
    Optional<OtherNodes.HeldElsewhere> holding(String id, String instance, BigInteger serial) {
        Instant now = clock.instant();
        return rowElsewhere(id, now).filter(row -> row.isAnotherProcess(instance, serial)).filter(row -> !nodeGone(id, row, now)).map(row -> {
            // the first question's time stays until the node answers it, so that an unanswered one grows old
            jdbc.update("update appliance_connection set claimed_at = ? where appliance_id = ? and node_id = ? and claimed_at is null",
                    Timestamp.from(now), id, row.node());
            boolean answered = row.answeredAt() != null && row.answeredAt().isAfter(now.minus(ANSWER_KEPT));
            return new OtherNodes.HeldElsewhere(row.heldFrom(), answered);
        });
    }

    /**
     * Whether the holder's node left a question about it unanswered for {@link #UNANSWERED}: then that node is gone and
     * its record with it, so that a restarted process gets in at once rather than after three heartbeats.
     */
    private boolean nodeGone(String id, HolderRow row, Instant now) {
        if (row.claimedAt() == null || row.claimedAt().isAfter(now.minus(UNANSWERED))) {
            return false;
        }
        jdbc.update("delete from appliance_connection where appliance_id = ? and node_id = ? and claimed_at <= ?",
                id, row.node(), Timestamp.from(now.minus(UNANSWERED)));
        log.warn("Portal node {} left unanswered for {} s whether its process for {} (connected from {}) still answers: taken"
                + " for gone with its record, so the process dialling this node is let in", row.node(), UNANSWERED.toSeconds(), id, row.heldFrom());
        return true;
    }

    /**
     * Answers the other nodes' questions about this node's streams: a holder that answers is alive (the process dialling
     * elsewhere is a copy); one that does not is let go, so the process dialling elsewhere (restarted) gets in.
     */
    void answerClaims(Predicate<String> answersOrLetsGo) {
        List<String> claimed = jdbc.queryForList("select appliance_id from appliance_connection where node_id = ? and claimed_at is not null",
                String.class, node);
        // all asked at once, each answered as it replies: a silent holder's 2 s probe must not hold back the answer about
        // another, or the node asking would take this one for gone (UNANSWERED)
        CompletableFuture.allOf(claimed.stream()
                .map(id -> CompletableFuture.runAsync(() -> quietly(() -> answer(id, answersOrLetsGo.test(id))), probes))
                .toArray(CompletableFuture[]::new)).join();
    }

    private void answer(String id, boolean answers) {
        if (answers) {
            jdbc.update("update appliance_connection set answered_at = ?, claimed_at = null where appliance_id = ? and node_id = ?",
                    Timestamp.from(clock.instant()), id, node);
        } else {
            jdbc.update("delete from appliance_connection where appliance_id = ? and node_id = ?", id, node);
        }
    }

    /** Another node's fresh row for {@code id}: the process it holds the stream for. */
    private Optional<HolderRow> rowElsewhere(String id, Instant now) {
        Instant fresh = now.minus(heartbeat.multipliedBy(HEARTBEATS_BEFORE_STALE));
        return jdbc.query("select node_id, instance_id, certificate_serial, held_from, answered_at, claimed_at from appliance_connection"
                        + " where appliance_id = ? and node_id <> ? and seen_at >= ?",
                (row, i) -> new HolderRow(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        instantOrNull(row.getTimestamp(5)), instantOrNull(row.getTimestamp(6))),
                id, node, Timestamp.from(fresh)).stream().findFirst();
    }

    /** What the control server asks of the other nodes, answered from their records. */
    private record TheOtherNodes(ApplianceConnections connections, SilencedProcesses silenced) implements OtherNodes {

        @Override
        public Optional<HeldElsewhere> holding(String id, String instance, BigInteger serial) {
            return connections.holding(id, instance, serial);
        }

        @Override
        public void lostForSilence(String id, String instance) {
            silenced.lost(id, instance);
        }

        @Override
        public boolean backAfterSilence(String id, String instance) {
            return silenced.back(id, instance);
        }
    }

    private static Instant instantOrNull(Timestamp time) {
        return time == null ? null : time.toInstant();
    }

    /**
     * Another node's record of the process holding an appliance's stream; {@code answeredAt} null until asked,
     * {@code claimedAt} the question that node has not answered yet.
     */
    private record HolderRow(String node, String instance, String serial, String heldFrom, Instant answeredAt, Instant claimedAt) {

        /** Another process with that very certificate: a copy, or a restarted process whose old stream is still open. */
        boolean isAnotherProcess(String otherInstance, BigInteger otherSerial) {
            return instance != null && otherInstance != null && !instance.equals(otherInstance)
                    && otherSerial != null && otherSerial.toString(16).equals(serial);
        }
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

    /**
     * The NEAs' copies some node refused within three heartbeats and a copy's longest wait between dials (else a copy
     * dialling every 5 s blinks in and out with short heartbeats): still dialling.
     */
    List<ApplianceRuntime.RefusedCopy> refusedCopies() {
        Instant fresh = clock.instant().minus(heartbeat.multipliedBy(HEARTBEATS_BEFORE_STALE).plus(GatewayLink.Settings.RECONNECT.max()));
        return jdbc.query("select appliance_id, held_from, refused_from, seen_at from appliance_copy where seen_at >= ? order by appliance_id",
                (row, i) -> new ApplianceRuntime.RefusedCopy(row.getString(1), row.getString(2), row.getString(3),
                        row.getTimestamp(4).toInstant()), Timestamp.from(fresh));
    }

    /**
     * This node's row for the appliance, taken over from another node's (the appliance reconnected here) or new. When
     * another node holds it for another process with its certificate (both were let in at once), the stream here is let
     * go: its process dials again and is asked about as any other. Unless the process here took its stream back after
     * it lost it for its silence: then the other node's is the copy, and that node lets it go when it finds the row
     * taken.
     */
    private void upsert(String applianceId, StreamHolder holder, Timestamp now) {
        if (!holder.reclaimed()
                && rowElsewhere(applianceId, now.toInstant()).filter(row -> row.isAnotherProcess(holder.instance(), holder.serial())).isPresent()) {
            clusteredServer().ifPresent(server -> server.letGo(applianceId,
                    "another portal node holds its stream for another process with its certificate"));
            return;
        }
        if (takeOver(applianceId, holder, now)) {
            return;
        }
        try {
            jdbc.update("insert into appliance_connection (appliance_id, node_id, seen_at, instance_id, certificate_serial, held_from)"
                    + " values (?, ?, ?, ?, ?, ?)", applianceId, node, now, holder.instance(), serialText(holder), holder.remote());
        } catch (DuplicateKeyException anotherNodeFirst) {   // another node inserted it meanwhile: the stream is ours now
            takeOver(applianceId, holder, now);
        }
    }

    private boolean takeOver(String applianceId, StreamHolder holder, Timestamp now) {
        return jdbc.update("update appliance_connection set node_id = ?, seen_at = ?, instance_id = ?, certificate_serial = ?,"
                        + " held_from = ?, claimed_at = null, answered_at = null where appliance_id = ?",
                node, now, holder.instance(), serialText(holder), holder.remote(), applianceId) > 0;
    }

    private static String serialText(StreamHolder holder) {
        return holder.serial() == null ? null : holder.serial().toString(16);
    }

    /**
     * The process holding each stream open on this node: the NEAs' and, in a cluster, the Cloud Gateway hosts' too, whose
     * copies another node must refuse as well (ADR 0013); the lab is one node, where the process is not needed.
     */
    private Map<String, StreamHolder> holdersHere() {
        Optional<ApplianceControlServer> server = clusteredServer();
        Set<String> ids = server.map(ApplianceControlServer::connectedIds).orElseGet(this::connectedHere);
        Map<String, StreamHolder> holders = new HashMap<>();
        ids.forEach(id -> holders.put(id, server.flatMap(s -> s.holder(id)).orElse(UNKNOWN_HOLDER)));
        return holders;
    }

    private Optional<ApplianceControlServer> clusteredServer() {
        return runtime.flatMap(ApplianceRuntime::clusteredControlServer);
    }

    private Set<String> connectedHere() {
        return runtime.map(ApplianceRuntime::connectedApplianceIds).orElse(Set.of());
    }

    private void recordQuietly() {
        quietly(this::record);
    }

    private void quietly(Runnable write) {
        try {
            write.run();
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
        probes.shutdownNow();
        try {
            jdbc.update("delete from appliance_connection where node_id = ?", node);
        } catch (DataAccessException e) {
            log.info("This node's appliance connection records stay until they are stale: {}", e.getMessage());
        }
    }
}

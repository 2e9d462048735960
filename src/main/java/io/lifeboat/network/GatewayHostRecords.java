package io.lifeboat.network;

import io.lifeboat.appliance.GatewayLink;
import io.lifeboat.network.TunnelRelay.RelayCounters;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What every node knows about the Cloud Gateway hosts (ADR 0013), in the database: the flows they are to relay, the
 * hosts that connected (where tenant NEAs reach them, when last seen) and what each relayed per flow at its node's
 * last reading. The certificate each host holds is the ledger's ({@code certificate_holder}).
 */
@Component
class GatewayHostRecords {

    /** One flow to relay: the tenant network's tunnel, the relay port on every host, the provider NEA's endpoint. */
    record Flow(String tunnelName, int relayPort, String upstream) {
    }

    /**
     * {@code current}: some node saw it within three heartbeats; {@code copyAddress}: where a second process with its
     * certificate was refused within three heartbeats, else null; {@code certificateExpires}: of the certificate it
     * last answered a heartbeat with, null before.
     */
    record Host(String name, String relayAddress, Instant seenAt, boolean current, String copyAddress, Instant certificateExpires) {
    }

    private static final int HEARTBEATS_BEFORE_STALE = 3;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration stale;
    /**
     * How long a refused copy stays listed after its last dial: as long as a host, and a copy's longest wait between
     * dials on top, else a copy dialling every 5 s would blink in and out with 1 s heartbeats.
     */
    private final Duration copyStale;

    GatewayHostRecords(JdbcTemplate jdbc, Clock clock, @Value("${lifeboat.network.connection-heartbeat:PT10S}") Duration heartbeat) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.stale = heartbeat.multipliedBy(HEARTBEATS_BEFORE_STALE);
        this.copyStale = stale.plus(GatewayLink.Settings.RECONNECT.max());
    }

    void putFlow(Flow flow, Instant now) {
        if (jdbc.update("update gateway_relay_flow set relay_port = ?, upstream = ? where tunnel_name = ?",
                flow.relayPort(), flow.upstream(), flow.tunnelName()) == 0) {
            insertIgnoringRace("insert into gateway_relay_flow (tunnel_name, relay_port, upstream, opened_at) values (?, ?, ?, ?)",
                    flow.tunnelName(), flow.relayPort(), flow.upstream(), Timestamp.from(now));
        }
        raiseSetVersion();
    }

    void deleteFlow(String tunnelName) {
        if (jdbc.update("delete from gateway_relay_flow where tunnel_name = ?", tunnelName) > 0) {
            raiseSetVersion();
        }
    }

    /** Raised by every change to the flows: a node whose last sent set is older sends the new one. */
    long setVersion() {
        return jdbc.queryForObject("select version from gateway_relay_set where id = 1", Long.class);
    }

    private void raiseSetVersion() {
        jdbc.update("update gateway_relay_set set version = version + 1 where id = 1");
    }

    List<Flow> flows() {
        return jdbc.query("select tunnel_name, relay_port, upstream from gateway_relay_flow order by tunnel_name",
                (row, i) -> new Flow(row.getString(1), row.getInt(2), row.getString(3)));
    }

    /** Host {@code name} connected: one process holds its identity now, so a copy refused before is no longer listed. */
    void recordHost(String name, String relayAddress, Instant now) {
        if (jdbc.update("update gateway_host set relay_address = ?, seen_at = ?, copy_address = null, copy_seen_at = null where name = ?",
                relayAddress, Timestamp.from(now), name) == 0) {
            insertIgnoringRace("insert into gateway_host (name, relay_address, seen_at) values (?, ?, ?)", name, relayAddress, Timestamp.from(now));
        }
    }

    void touchHost(String name, Instant now, Instant certificateExpires) {
        jdbc.update("update gateway_host set seen_at = ?, certificate_expires = ? where name = ?", Timestamp.from(now),
                Timestamp.from(certificateExpires), name);
    }

    /** A copy of host {@code name} (its certificate, another process) dialled from {@code address} at {@code at} and was refused. */
    void recordCopy(String name, String address, Instant at) {
        jdbc.update("update gateway_host set copy_address = ?, copy_seen_at = ? where name = ?", address, Timestamp.from(at), name);
    }

    /** Every host, by name. */
    List<Host> hosts() {
        Instant fresh = fresh();
        Instant copyFresh = clock.instant().minus(copyStale);
        return jdbc.query("select name, relay_address, seen_at, copy_address, copy_seen_at, certificate_expires from gateway_host order by name",
                (row, i) -> {
                    Instant seen = row.getTimestamp(3).toInstant();
                    Timestamp copySeen = row.getTimestamp(5);
                    boolean copyDialling = copySeen != null && !copySeen.toInstant().isBefore(copyFresh);
                    Timestamp expires = row.getTimestamp(6);
                    return new Host(row.getString(1), row.getString(2), seen, !seen.isBefore(fresh), copyDialling ? row.getString(4) : null,
                            expires == null ? null : expires.toInstant());
                });
    }

    Optional<Host> host(String name) {
        return hosts().stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** Forgets the host and its counters. */
    void deleteHost(String name) {
        jdbc.update("delete from gateway_host where name = ?", name);
        jdbc.update("delete from gateway_relay_counter where host_name = ?", name);
    }

    /** {@code host}'s reading, per tunnel, replacing its previous one. */
    void replaceCounters(String host, List<TunnelCounters> reading, Instant now) {
        jdbc.update("delete from gateway_relay_counter where host_name = ?", host);
        for (TunnelCounters t : reading) {
            RelayCounters c = t.counters();
            jdbc.update("insert into gateway_relay_counter (host_name, tunnel_name, packets_in, bytes_in, packets_out, bytes_out,"
                            + " dropped, read_at) values (?, ?, ?, ?, ?, ?, ?, ?)", host, t.tunnelName(), c.packetsIn(), c.bytesIn(),
                    c.packetsOut(), c.bytesOut(), c.dropped(), Timestamp.from(now));
        }
    }

    record TunnelCounters(String tunnelName, RelayCounters counters) {
    }

    /** The tunnel's counters summed over the hosts read within three heartbeats; empty when none of them relays it. */
    Optional<RelayCounters> counters(String tunnelName) {
        Instant fresh = fresh();
        return jdbc.query("select count(*), sum(packets_in), sum(bytes_in), sum(packets_out), sum(bytes_out), sum(dropped)"
                        + " from gateway_relay_counter where tunnel_name = ? and read_at >= ?",
                (row, i) -> row.getLong(1) == 0 ? null
                        : new RelayCounters(row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6)),
                tunnelName, Timestamp.from(fresh)).stream().filter(Objects::nonNull).findFirst();
    }

    private Instant fresh() {
        return clock.instant().minus(stale);
    }

    /** Inserts a row; another node inserting the same key at the same moment has done the same. */
    private void insertIgnoringRace(String sql, Object... args) {
        try {
            jdbc.update(sql, args);
        } catch (DuplicateKeyException sameMoment) {
            // the other node's row stands: it holds the same facts
        }
    }
}

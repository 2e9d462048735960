package io.lifeboat.network;

import io.lifeboat.appliance.NeaRole;
import jakarta.annotation.PostConstruct;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * When the control certificate each NEA last connected with expires (ADR 0014, point 6), in the database for every node.
 * Recorded when an NEA's stream opens on this node, on the runtime's listener thread, never inside a command to an
 * appliance: the certificate cannot change while a stream is open, and a renewed one comes with a new stream. The ledger
 * ({@code certificate_holder}) knows serials only; the expiry is read from the certificate the NEA presented. A removed
 * network's rows stay, unread: only existing networks are listed, and a network's id is never given again.
 */
@Component
class NeaCertificates {

    private static final Logger log = LoggerFactory.getLogger(NeaCertificates.class);

    private final Optional<ApplianceRuntime> runtime;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    NeaCertificates(Optional<ApplianceRuntime> runtime, JdbcTemplate jdbc, Clock clock) {
        this.runtime = runtime;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @PostConstruct
    void start() {
        runtime.ifPresent(r -> r.onNeaCertificate(this::recordQuietly));
    }

    /** NEA {@code applianceId} connected with a certificate that expires at {@code expires}; it replaces the one before. */
    void connected(String applianceId, Instant expires) {
        Timestamp expiresAt = Timestamp.from(expires);
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("update nea_certificate set expires_at = ?, connected_at = ? where appliance_id = ?", expiresAt, now, applianceId) == 0) {
            try {
                jdbc.update("insert into nea_certificate (appliance_id, expires_at, connected_at) values (?, ?, ?)", applianceId, expiresAt, now);
            } catch (DuplicateKeyException sameMoment) {
                // another node recorded it at the same moment: the stream is on one of them, the other's row is stale at most once
                jdbc.update("update nea_certificate set expires_at = ?, connected_at = ? where appliance_id = ?", expiresAt, now, applianceId);
            }
        }
    }

    /**
     * The certificates on record of network {@code ref}'s NEAs: of the roles in {@code shown} (those running or kept
     * running), and of any other role only when expired, since its VM, off now, will not get in when next needed.
     */
    List<NeaCertificate> of(TenantNetworkRef ref, TenantNetworkInfo network, Collection<NeaRole> shown) {
        Map<String, NeaRole> roles = Map.of(ref.applianceId(NeaRole.PROVIDER), NeaRole.PROVIDER, ref.applianceId(NeaRole.TENANT), NeaRole.TENANT);
        Map<NeaRole, Instant> expiries = new EnumMap<>(NeaRole.class);
        jdbc.query("select appliance_id, expires_at from nea_certificate where appliance_id in (?, ?)",
                (RowCallbackHandler) row -> expiries.put(roles.get(row.getString(1)), row.getTimestamp(2).toInstant()),
                ref.applianceId(NeaRole.PROVIDER), ref.applianceId(NeaRole.TENANT));
        Instant now = clock.instant();
        return expiries.entrySet().stream()
                .map(e -> NeaCertificate.of(e.getKey(), e.getValue(), ApplianceVms.vmName(network, e.getKey()), now))
                .filter(c -> shown.contains(c.role()) || c.expired()).toList();
    }

    private void recordQuietly(String applianceId, Instant expires) {
        try {
            connected(applianceId, expires);
        } catch (DataAccessException e) {
            log.warn("Could not record when the control certificate of {} expires ({}): {}; recorded again at its next connection",
                    applianceId, expires, e.getMessage());
        }
    }
}

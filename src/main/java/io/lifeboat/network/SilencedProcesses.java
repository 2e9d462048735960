package io.lifeboat.network;

import io.lifeboat.gateway.ApplianceControlServer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The processes that lost an appliance's stream on some node because they did not answer, for every node (ADR 0005):
 * a wedged process that answers again may dial another node than the one that let it go, and takes its stream back
 * there too, instead of being refused as the copy of the process that took it.
 */
final class SilencedProcesses {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    SilencedProcesses(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void lost(String id, String instance) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("update appliance_silenced set instance_id = ?, silenced_at = ? where appliance_id = ?", instance, now, id) == 0) {
            jdbc.update("insert into appliance_silenced (appliance_id, instance_id, silenced_at) values (?, ?, ?)", id, instance, now);
        }
    }

    /** Whether {@code instance} lost {@code id}'s stream for its silence within the memory; forgotten as it is said. */
    boolean back(String id, String instance) {
        Instant since = clock.instant().minus(ApplianceControlServer.CLAIM_MEMORY);
        return jdbc.update("delete from appliance_silenced where appliance_id = ? and instance_id = ? and silenced_at >= ?",
                id, instance, Timestamp.from(since)) > 0;
    }
}

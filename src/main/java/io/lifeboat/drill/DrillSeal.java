package io.lifeboat.drill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The report's hash: the SHA-256 of a drill's canonical form, JSON with properties in alphabetical order, no white space,
 * times as ISO-8601 in UTC cut to milliseconds (what every database keeps), without the organisation's display name
 * (which may change). Taken when the drill ends (the runner seals it) and recomputed to verify ({@code drillreport}).
 */
public final class DrillSeal {

    private static final ObjectMapper CANONICAL = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();

    private DrillSeal() {
    }

    /** The SHA-256 (lower-case hex) of the drill's canonical form. */
    public static String sha256(DrillInfo drill) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical(drill).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String canonical(DrillInfo drill) {
        try {
            return CANONICAL.writeValueAsString(millis(drill.sealedContent()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The evidence of drill " + drill.id() + " cannot be written as JSON", e);
        }
    }

    private static DrillInfo millis(DrillInfo d) {
        return new DrillInfo(d.id(), d.tenantId(), d.tenantName(), d.state(), d.taskId(), d.startedBy(), ms(d.startedAt()), ms(d.timeLimitAt()),
                d.endTaskId(), d.endedBy(), ms(d.endedAt()), d.vms().stream().map(DrillSeal::millis).toList(), d.reportSha256());
    }

    private static DrillInfo.DrillVmInfo millis(DrillInfo.DrillVmInfo v) {
        return new DrillInfo.DrillVmInfo(v.replicaId(), v.vmName(), v.ipAddress(), v.restorePointName(), ms(v.restorePointCreatedAt()),
                ms(v.restorePointAge()), v.drillNetwork(), ms(v.poweredOnAt()), ms(v.startDuration()), v.startError(), v.checkPassed(),
                ms(v.firstCheckAt()), ms(v.powerOnToCheck()), v.checkNote(), ms(v.cleanedUpAt()), v.cleanupError(),
                v.checks().stream().map(c -> new DrillInfo.DrillCheckInfo(c.check(), c.passed(), ms(c.firstSuccessAt()), ms(c.powerOnToSuccess()),
                        c.note())).toList());
    }

    private static Instant ms(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Duration ms(Duration duration) {
        return duration == null ? null : duration.truncatedTo(ChronoUnit.MILLIS);
    }
}

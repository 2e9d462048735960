package io.lifeboat.drill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * A drill's evidence from its stored rows, and the report's canonical form: JSON with properties in alphabetical order,
 * no white space, times as ISO-8601 in UTC cut to milliseconds (what every database keeps), without the organisation's
 * display name (which may change). Its SHA-256 is the report's hash: taken when the drill ends and recomputed to verify.
 */
@Component
class DrillEvidence {

    private static final ObjectMapper CANONICAL = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();
    private static final ObjectMapper READABLE = CANONICAL.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private final DrillVmRepository drillVms;
    private final DrillVmCheckRepository checks;
    private final TenancyService tenancy;

    DrillEvidence(DrillVmRepository drillVms, DrillVmCheckRepository checks, TenancyService tenancy) {
        this.drillVms = drillVms;
        this.checks = checks;
        this.tenancy = tenancy;
    }

    /** The drill with its VMs and their checks, as stored; call inside a transaction. */
    DrillInfo view(Drill drill) {
        String tenantName = tenancy.findTenant(drill.getTenantId()).map(TenantSummary::displayName).orElse("#" + drill.getTenantId());
        return new DrillInfo(drill.getId(), drill.getTenantId(), tenantName, drill.getState(), drill.getTaskId(), drill.getStartedBy(),
                drill.getStartedAt(), drill.getTimeLimitAt(), drill.getEndTaskId(), drill.getEndedBy(), drill.getEndedAt(),
                drillVms.findByDrillIdOrderByVmName(drill.getId()).stream().map(vm -> vm.view(drill.getStartedAt(),
                        checks.findByDrillVmIdOrderByPosition(vm.getId()).stream().map(c -> c.view(vm.getPoweredOnAt())).toList())).toList(),
                drill.getReportSha256());
    }

    /** The SHA-256 (lower-case hex) of the drill's canonical form. */
    static String sha256(DrillInfo drill) {
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

    /** The report to download: the whole evidence, readable, with its hash ({@code reportSha256}, null until the drill ended). */
    static byte[] json(DrillInfo drill) {
        try {
            return READABLE.writeValueAsBytes(drill);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The evidence of drill " + drill.id() + " cannot be written as JSON", e);
        }
    }

    private static DrillInfo millis(DrillInfo d) {
        return new DrillInfo(d.id(), d.tenantId(), d.tenantName(), d.state(), d.taskId(), d.startedBy(), ms(d.startedAt()), ms(d.timeLimitAt()),
                d.endTaskId(), d.endedBy(), ms(d.endedAt()), d.vms().stream().map(DrillEvidence::millis).toList(), d.reportSha256());
    }

    private static DrillInfo.DrillVmInfo millis(DrillInfo.DrillVmInfo v) {
        return new DrillInfo.DrillVmInfo(v.replicaId(), v.vmName(), v.ipAddress(), v.restorePointName(), ms(v.restorePointCreatedAt()),
                ms(v.restorePointAge()), v.drillNetwork(), ms(v.poweredOnAt()), ms(v.startDuration()), v.startError(), v.checkPassed(),
                ms(v.firstCheckAt()), ms(v.powerOnToCheck()), v.checkNote(), ms(v.cleanedUpAt()), v.cleanupError(),
                v.checks().stream().map(c -> new DrillInfo.DrillCheckInfo(c.check(), c.passed(), ms(c.firstSuccessAt()), ms(c.powerOnToSuccess()),
                        c.note())).toList());
    }

    private static java.time.Instant ms(java.time.Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static java.time.Duration ms(java.time.Duration duration) {
        return duration == null ? null : duration.truncatedTo(ChronoUnit.MILLIS);
    }
}

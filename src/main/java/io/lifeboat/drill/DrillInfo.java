package io.lifeboat.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One drill's evidence as callers see it. {@code endedBy} is a user name, or {@link #TIME_LIMIT} when the drill ended
 * by itself; null while it runs.
 */
public record DrillInfo(long id, long tenantId, String tenantName, DrillState state, long taskId, String startedBy, Instant startedAt,
                        Instant timeLimitAt, Long endTaskId, String endedBy, Instant endedAt, List<DrillVmInfo> vms, String reportSha256) {

    public static final String TIME_LIMIT = "the time limit";

    /** How long before the time limit the pages remind the tenant that the drill is about to end. */
    public static final Duration REMINDER = Duration.ofMinutes(30);

    public DrillInfo {
        vms = List.copyOf(vms);
    }

    /**
     * How an ended drill ended, at {@code at} (its end time as the page or report writes it). A drill nobody ended had
     * no VM left to end: each rolled back at its start ("Ended by null … (task #null)" before).
     */
    public String endedText(String at) {
        return endedBy == null ? "Ended at " + at + " on its own: no VM of it was left running, each was rolled back at its start"
                : "Ended by " + endedBy + " at " + at + (endTaskId == null ? "" : " (task #" + endTaskId + ")");
    }

    /** This drill as the report's hash covers it: everything but the organisation's display name, which may change. */
    DrillInfo sealedContent() {
        return new DrillInfo(id, tenantId, null, state, taskId, startedBy, startedAt, timeLimitAt, endTaskId, endedBy, endedAt, vms, null);
    }

    /** Whether the drill runs and its automatic end is less than {@link #REMINDER} away at {@code now}. */
    public boolean endsSoon(Instant now) {
        return state == DrillState.RUNNING && !now.isBefore(timeLimitAt.minus(REMINDER));
    }

    /** A duration as people read it: {@code 2 d 3 h 4 min 5 s}, whole seconds. */
    public static String readable(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        StringBuilder text = new StringBuilder();
        if (seconds >= 86_400) {
            text.append(seconds / 86_400).append(" d ");
        }
        if (seconds >= 3_600) {
            text.append(seconds % 86_400 / 3_600).append(" h ");
        }
        if (seconds >= 60) {
            text.append(seconds % 3_600 / 60).append(" min ");
        }
        return text.append(seconds % 60).append(" s").toString();
    }

    /**
     * One VM of a drill. {@code restorePointAge}: how old the restore point was when the drill started (the recovery
     * point achieved); {@code startDuration}: drill start to power-on (null when it did not power on); {@code checkPassed}:
     * whether every check of the VM passed inside the bubble (null when none ran, {@code checkNote} says why);
     * {@code firstCheckAt}: when the last of its checks first succeeded, so {@code powerOnToCheck} is power-on until the
     * VM answered every check (the recovery time achieved); {@code checks}: each check's own outcome.
     */
    public record DrillVmInfo(long replicaId, String vmName, String ipAddress, String restorePointName, Instant restorePointCreatedAt,
                              Duration restorePointAge, String drillNetwork, Instant poweredOnAt, Duration startDuration, String startError,
                              Boolean checkPassed, Instant firstCheckAt, Duration powerOnToCheck, String checkNote,
                              Instant cleanedUpAt, String cleanupError, List<DrillCheckInfo> checks) {

        public DrillVmInfo {
            checks = List.copyOf(checks);
        }

        /** Each check with its outcome, as the page and the PDF show it: {@code ping passed after 812 ms; tcp:443 failed: …}. */
        public String checksSummary() {
            if (checks.isEmpty()) {
                return checkNote == null ? "not yet" : checkNote;
            }
            return String.join("; ", checks.stream().map(c -> c.check() + " " + (c.passed() == null ? (c.note() == null ? "not yet" : c.note())
                    : c.passed() ? "passed after " + c.powerOnToSuccess().toMillis() + " ms" : "failed: " + c.note())).toList());
        }
    }

    /**
     * One check of a VM ({@code ping}, {@code tcp:443}): passed (null when it did not run, {@code note} says why), the
     * time of its first success and power-on → that success.
     */
    public record DrillCheckInfo(String check, Boolean passed, Instant firstSuccessAt, Duration powerOnToSuccess, String note) {
    }
}

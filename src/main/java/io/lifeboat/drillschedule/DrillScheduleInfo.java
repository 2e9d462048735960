package io.lifeboat.drillschedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A drill schedule as the drills page lists it; {@code nextRunAt} is null when it never fires again; {@code skippedRun}
 * says which run of the coming year a clock change skips, or is null.
 */
public record DrillScheduleInfo(long id, String tenantName, String cron, String timeZone, List<String> vms, Duration timeLimit, String createdBy,
                                Instant createdAt, Instant nextRunAt, String skippedRun) {
}

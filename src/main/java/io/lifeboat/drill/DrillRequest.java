package io.lifeboat.drill;

import java.time.Duration;
import java.util.List;

/**
 * A test failover as the wizard or the API submits it: the replicas with one restore point each, and how long the drill
 * may run before it is ended by itself. Ids come from the browser: the service checks every one against the current
 * tenant.
 */
public record DrillRequest(List<VmChoice> vms, Duration timeLimit) {

    /** Eight hours: a working day's drill, ended by itself if forgotten. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofHours(8);

    /** The time limits the pages offer (the wizard, the schedule form); the service accepts any within its range. */
    public static final List<Duration> OFFERED_TIME_LIMITS = List.of(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4),
            Duration.ofHours(8), Duration.ofHours(24));

    /** One VM, its restore point and the checks to run inside the bubble (none named: a ping). */
    public record VmChoice(long replicaId, long restorePointId, List<DrillCheck> checks) {

        public VmChoice {
            checks = checks == null || checks.isEmpty() ? List.of(DrillCheck.PING) : List.copyOf(checks);
        }

        public VmChoice(long replicaId, long restorePointId) {
            this(replicaId, restorePointId, List.of());
        }
    }

    public DrillRequest {
        vms = List.copyOf(vms);
        timeLimit = timeLimit == null ? DEFAULT_TIME_LIMIT : timeLimit;
    }
}

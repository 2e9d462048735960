package io.lifeboat.drillschedule;

import io.lifeboat.drill.DrillCheck;
import io.lifeboat.drill.DrillRequest;
import java.time.Duration;
import java.util.List;

/**
 * A drill schedule as the drills page submits it: a Quartz cron expression, the VMs with their checks, the time limit of
 * each run. Each run starts from the VMs' newest restore points. Ids come from the browser: the service checks them.
 */
public record DrillScheduleRequest(String cron, List<VmChecks> vms, Duration timeLimit) {

    /** One VM and the checks to run inside the bubble (none named: a ping). */
    public record VmChecks(long replicaId, List<DrillCheck> checks) {

        public VmChecks {
            checks = checks == null || checks.isEmpty() ? List.of(DrillCheck.PING) : List.copyOf(checks);
        }
    }

    public DrillScheduleRequest {
        vms = vms == null ? List.of() : List.copyOf(vms);
        timeLimit = timeLimit == null ? DrillRequest.DEFAULT_TIME_LIMIT : timeLimit;
    }
}

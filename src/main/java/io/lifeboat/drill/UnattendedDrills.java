package io.lifeboat.drill;

import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Drills that nobody starts by hand, for the room that starts them on its own (scheduled drills, {@code drillschedule}):
 * a Quartz job with nobody logged in, so there is no caller to check. Never call it from a page or an endpoint: they
 * go through {@link DrillService}, which checks the caller ({@code ModuleBoundaryTest} keeps views off this class).
 */
@Component
public class UnattendedDrills {

    private final DrillService drills;

    UnattendedDrills(DrillService drills) {
        this.drills = drills;
    }

    /**
     * Starts a drill for {@code tenantId} on behalf of {@code by} with the same checks as {@link DrillService#start};
     * the drill remembers {@code scheduleId} and ends itself once its checks ran. Returns the drill's id.
     *
     * @throws DrillRefusedException as {@link DrillService#start}, saying every reason at once
     */
    public long start(long tenantId, String by, long scheduleId, DrillRequest request) {
        return drills.startUnattended(tenantId, by, scheduleId, request);
    }

    /** Why a drill may not have this time limit (empty: it may), in the words {@link DrillService#start} refuses it with. */
    public List<String> timeLimitProblems(Duration timeLimit) {
        return drills.timeLimitProblems(timeLimit);
    }
}

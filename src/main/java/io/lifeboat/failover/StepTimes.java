package io.lifeboat.failover;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How long each step of one VM's failover took, back to back from when the run began: for the task log (so a slow
 * step shows where the time went) and as the timer {@value #TIMER}, tagged by step, for whoever watches the portal.
 */
final class StepTimes {

    static final String TIMER = "lifeboat.failover.step";

    private record Lap(String step, long nanos) {
    }

    private final List<Lap> laps = new ArrayList<>();
    private long lastNanos;

    StepTimes(long startedNanos) {
        this.lastNanos = startedNanos;
    }

    /** Ends {@code step} now; the next step starts now. */
    void done(String step) {
        long now = System.nanoTime();
        laps.add(new Lap(step, now - lastNanos));
        lastNanos = now;
    }

    /** "marker 12 ms, revert 30 ms, NIC 20 ms, power-on 48 ms". */
    String summary() {
        return laps.stream().map(lap -> lap.step() + " " + lap.nanos() / 1_000_000 + " ms").collect(Collectors.joining(", "));
    }

    void record(MeterRegistry meters) {
        laps.forEach(lap -> Timer.builder(TIMER).description("One step of a VM's failover").tag("step", lap.step()).register(meters)
                .record(Duration.ofNanos(lap.nanos())));
    }
}

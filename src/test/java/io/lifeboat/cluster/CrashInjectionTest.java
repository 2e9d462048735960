package io.lifeboat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.PortalNodes;
import io.lifeboat.Postgres;
import io.lifeboat.SecondLane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The short form of {@code ./lifeboat bench crash} ({@link CrashInjectionBench}): two portal nodes in JVMs of their own,
 * five operations each ended by a SIGKILL of a node (the one running the job when it runs), the node restarted each
 * time, and up to three more aimed at a running job while no kill has landed inside one; every operation must finish
 * or roll back on the survivor and every invariant of {@link CrashInvariants} hold after every kill.
 */
@ExtendWith(Postgres.class)
@SecondLane
class CrashInjectionTest {

    static final int KILLS = 5;
    static final long SEED = 13;
    /** Rounds aimed at the job, added while no kill has landed inside one (in one run of four both undos' jobs ended first). */
    static final int MORE_ROUNDS = 3;

    @Test
    void every_operation_finishes_or_rolls_back_on_the_survivor_of_a_kill() {
        try (PortalNodes harness = PortalNodes.start(1, CrashInjection.harnessSettings(3))) {
            CrashInjection.Result result = CrashInjection.run(harness, SEED, KILLS, MORE_ROUNDS, kill -> System.out.println("Crash injection: " + kill));
            System.out.printf("Crash injection, seed %d, %d ms:%n%s", result.seed(), result.millis(), result.table());
            assertThat(result.kills()).hasSizeBetween(KILLS, KILLS + MORE_ROUNDS);
            assertThat(result.kills()).as("kills that landed inside a running job").filteredOn(CrashInjection.Kill::inJob).isNotEmpty();
            assertThat(result.kills()).allSatisfy(kill -> {
                assertThat(kill.outcome()).as("round %d: %s", kill.round(), kill).isIn("finished", "rolled back");
                assertThat(kill.violations()).as("round %d: %s", kill.round(), kill).isEmpty();
            });
        }
    }
}

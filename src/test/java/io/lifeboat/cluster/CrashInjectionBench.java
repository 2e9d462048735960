package io.lifeboat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.PortalNodes;
import io.lifeboat.Postgres;
import io.lifeboat.bench.BenchReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Crash injection ({@link CrashInjection}) with 50 kills: prints the table and writes target/bench/crash.json. Not part
 * of {@code mvn test}; run with {@code ./lifeboat bench crash} ({@code -Dlifeboat.crash.seed=N} and
 * {@code -Dlifeboat.crash.kills=N} change the seed and the number of kills).
 */
@ExtendWith(Postgres.class)
class CrashInjectionBench {

    @Test
    void fifty_kills_lose_no_operation() throws Exception {
        long seed = Long.getLong("lifeboat.crash.seed", 2026);
        int kills = Integer.getInteger("lifeboat.crash.kills", 50);
        try (PortalNodes harness = PortalNodes.start(1, CrashInjection.harnessSettings(4))) {
            CrashInjection.Result result = CrashInjection.run(harness, seed, kills, kill -> System.out.println("Crash injection: " + kill));
            BenchReport report = new BenchReport("crash");
            report.fact("measured", "two portal nodes (own JVMs, one PostgreSQL, clustered Quartz with a 1 s check-in) run failovers, undos,"
                    + " failbacks and commits started through /api/v1; after a seeded random delay the node running the job (else a random node)"
                    + " is killed with SIGKILL and restarted; invariants checked against the provider's vCenter simulator and the database");
            report.fact("seed", result.seed());
            report.fact("kills", result.kills().size());
            report.fact("operations", result.operations());
            report.fact("killedInsideTheJob", result.kills().stream().filter(CrashInjection.Kill::inJob).count());
            report.fact("recovered", result.recovered());
            report.fact("rolledBack", result.rolledBack());
            report.fact("stuck", result.stuck());
            report.fact("invariantViolations", result.violations());
            report.fact("longestRecoveryMs", result.longestRecoveryMillis());
            report.fact("millis", result.millis());
            for (CrashInjection.Kill kill : result.kills()) {
                report.row("round", kill.round(), "operation", kill.operation(), "vm", kill.vm(), "task", kill.taskId(), "delayMs", kill.delayMillis(),
                        "killed", kill.victim(), "insideJob", kill.inJob(), "outcome", kill.outcome(), "recoveryMs", kill.recoveryMillis(),
                        "violations", String.join(" | ", kill.violations()));
            }
            System.out.println("Written " + report.write());
            System.out.printf("Crash injection, seed %d, %d ms:%n%s", result.seed(), result.millis(), result.table());
            assertThat(result.kills()).hasSizeGreaterThanOrEqualTo(Math.min(kills, 50));
            assertThat(result.stuck()).as("stuck operations").isZero();
            assertThat(result.violations()).as("invariant violations").isZero();
        }
    }
}

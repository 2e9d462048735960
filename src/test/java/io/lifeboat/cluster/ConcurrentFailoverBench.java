package io.lifeboat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.PortalNodes;
import io.lifeboat.Postgres;
import io.lifeboat.bench.BenchReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.Scheduler;

/**
 * 1,000 rounds of two nodes on one PostgreSQL starting a failover of the same VM at the same moment; writes
 * target/bench/concurrency.json. Not part of {@code mvn test}; run with {@code ./lifeboat bench concurrency}.
 * Both nodes' Quartz schedulers are in standby during the rounds: the winners' jobs are stored but do not run, as
 * 1,000 failovers carried out meanwhile would compete with the rounds for the machine (PortalClusterTest lets its 50
 * run).
 */
@ExtendWith(Postgres.class)
class ConcurrentFailoverBench {

    static final int ROUNDS = 1_000;

    @Test
    void a_thousand_rounds_of_two_nodes_failing_over_the_same_vm() throws Exception {
        try (PortalNodes nodes = PortalNodes.start(2, "--lifeboat.lab.bench-vms=" + ROUNDS, "--logging.level.io.lifeboat.tasks=warn")) {
            nodes.bean(0, Scheduler.class).standby();
            nodes.bean(1, Scheduler.class).standby();
            FailoverRace.Result result = FailoverRace.run(nodes, ROUNDS);
            BenchReport report = new BenchReport("concurrency");
            report.fact("measured", "two portal nodes (own Spring contexts, one PostgreSQL) call startFailover for the same VM, released by one barrier");
            report.fact("rounds", result.rounds());
            report.fact("exactlyOneWinner", result.oneWinner());
            report.fact("noWinner", result.noWinner());
            report.fact("twoWinners", result.twoWinners());
            report.fact("millis", result.millis());
            report.fact("jobs", "stored, not run (both schedulers in standby)");
            result.refusals().forEach((message, count) -> report.row("loserWasTold", message, "rounds", count));
            System.out.println("Written " + report.write());
            System.out.printf("Concurrent failovers: %d rounds, exactly one winner in %d%n", result.rounds(), result.oneWinner());
            assertThat(result.oneWinner()).isEqualTo(ROUNDS);
        }
    }
}

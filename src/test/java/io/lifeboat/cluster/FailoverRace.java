package io.lifeboat.cluster;

import io.lifeboat.AsUser;
import io.lifeboat.PortalNodes;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaSort;
import io.lifeboat.shared.UserFacingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Rounds of two nodes starting a failover of the same VM at the same moment (both released by one barrier), through
 * each node's own {@link FailoverService} as the wizard and the API call it. Each round takes a VM of the lab's bench
 * tenant that is still READY, so no round waits for an undo; the nodes' lab is the test's own.
 */
final class FailoverRace {

    static final String USER = "bench-admin";

    /** How the rounds ended: rounds with exactly one winner, and why the losers were refused (message → count). */
    record Result(int rounds, int oneWinner, int noWinner, int twoWinners, Map<String, Integer> refusals, long millis) {
    }

    private FailoverRace() {
    }

    static Result run(PortalNodes nodes, int rounds) throws Exception {
        AsUser as = nodes.bean(0, AsUser.class);
        ReplicaOverviewService overview = nodes.bean(0, ReplicaOverviewService.class);
        List<ReplicaRow> vms = new ArrayList<>();
        for (int page = 0; vms.size() < rounds; page++) {
            int from = page * 200;
            List<ReplicaRow> rows = as.call(USER, () -> overview.list(ReplicaFilter.none(), List.of(new ReplicaSort("vmName", true)), from, 200));
            if (rows.isEmpty()) {
                throw new IllegalStateException("The bench tenant has " + vms.size() + " VMs, fewer than " + rounds + " rounds");
            }
            vms.addAll(rows);
        }
        int oneWinner = 0;
        int noWinner = 0;
        int twoWinners = 0;
        Map<String, Integer> refusals = new TreeMap<>();
        long started = System.nanoTime();
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                ReplicaRow vm = vms.get(round);
                long point = as.call(USER, () -> overview.restorePoints(vm.id())).get(0).id();
                FailoverRequest request = new FailoverRequest(List.of(new FailoverRequest.VmChoice(vm.id(), point)), true);
                CyclicBarrier atOnce = new CyclicBarrier(2);
                Future<String> onA = both.submit(() -> attempt(nodes, 0, atOnce, request));
                Future<String> onB = both.submit(() -> attempt(nodes, 1, atOnce, request));
                List<String> outcomes = List.of(onA.get(60, TimeUnit.SECONDS), onB.get(60, TimeUnit.SECONDS));
                long winners = outcomes.stream().filter(WON::equals).count();
                if (winners == 1) {
                    oneWinner++;
                } else if (winners == 0) {
                    noWinner++;
                } else {
                    twoWinners++;
                }
                outcomes.stream().filter(o -> !o.equals(WON)).forEach(o -> refusals.merge(o, 1, Integer::sum));
            }
        } finally {
            both.shutdownNow();
        }
        return new Result(rounds, oneWinner, noWinner, twoWinners, refusals, (System.nanoTime() - started) / 1_000_000);
    }

    private static final String WON = "won";

    /** "won", or what the user was told (a refusal is a UserFacingException; anything else fails the round loudly). */
    private static String attempt(PortalNodes nodes, int node, CyclicBarrier atOnce, FailoverRequest request) throws Exception {
        AsUser as = nodes.bean(node, AsUser.class);
        FailoverService failover = nodes.bean(node, FailoverService.class);
        atOnce.await(30, TimeUnit.SECONDS);
        try {
            as.call(USER, () -> failover.startFailover(request));
            return WON;
        } catch (UserFacingException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage().replaceAll("\\d+", "N");
        }
    }
}

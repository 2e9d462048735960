package io.lifeboat.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.PortalNodes;
import io.lifeboat.api.ApiTokens;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.lab.LabSites;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Crash injection: two portal nodes, each a JVM of its own ({@link CrashInjectionNode}), on one PostgreSQL and one
 * Quartz cluster, run failovers, undos, failbacks, commits and undone failbacks of the lab's bench tenant, started
 * through the REST API. In four rounds of five (seeded) the harness waits until a node executes the operation's job,
 * waits a random delay within the job's usual run time and kills that node with SIGKILL; in the fifth it kills a
 * random node at a random moment after the request (before the job is picked up, or on the node not running it). The
 * killed node is started again each time. The survivor must finish the operation or roll it back; then the
 * invariants are checked against the provider's vCenter (the simulator) and the database ({@link CrashInvariants}).
 *
 * <p>The harness's own portal context ({@link PortalNodes}, in the test JVM) starts and seeds the simulators, creates
 * the API token and reads vCenter and the database for the checks; its Quartz scheduler never starts, so it runs no
 * job and every operation is carried out by the two killable nodes.
 */
final class CrashInjection {

    /** Quartz's own grace for a silent node is 7.5 s on top of this check-in interval. */
    static final String CHECKIN_MILLIS = "1000";
    private static final String USER = "bench-admin";
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final Duration START_PATIENCE = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Operations the harness runs, each from the stable state it needs to the one it leads to. */
    enum Operation {
        FAILOVER("READY", "FAILED_OVER", "failover", 600),
        UNDO("FAILED_OVER", "READY", "undo", 400),
        FAILBACK("FAILED_OVER", "FAILBACK_READY", "failback", 1500),
        COMMIT("FAILBACK_READY", "READY", "commit-failback", 300),
        UNDO_FAILBACK("FAILBACK_READY", "FAILED_OVER", "undo-failback", 400);

        final String from;
        final String to;
        final String jobName;
        /** About how long the job runs on the simulators (a kill later than this mostly finds it done). */
        final int killWindowMillis;

        Operation(String from, String to, String jobName, int killWindowMillis) {
            this.from = from;
            this.to = to;
            this.jobName = jobName;
            this.killWindowMillis = killWindowMillis;
        }
    }

    /** One kill: what ran, where the kill landed, how the operation ended and what the checks found. */
    record Kill(int round, Operation operation, String vm, long taskId, long delayMillis, String victim, boolean inJob,
                String outcome, long recoveryMillis, List<String> violations) {
    }

    /** The run: every kill, and the table's figures. */
    record Result(long seed, List<Kill> kills, long millis) {

        long operations() {
            return kills.size();
        }

        long recovered() {
            return kills.stream().filter(k -> k.inJob() && k.outcome().equals("finished")).count();
        }

        long rolledBack() {
            return kills.stream().filter(k -> k.outcome().equals("rolled back")).count();
        }

        long stuck() {
            return kills.stream().filter(k -> k.outcome().startsWith("stuck")).count();
        }

        long violations() {
            return kills.stream().mapToLong(k -> k.violations().size()).sum();
        }

        long longestRecoveryMillis() {
            return kills.stream().filter(Kill::inJob).mapToLong(Kill::recoveryMillis).max().orElse(0);
        }

        String table() {
            return String.format("""
                    | kills | operations | recovered | rolled back | stuck (must be 0) | invariant violations (must be 0) | longest recovery |
                    |------:|-----------:|----------:|------------:|------------------:|---------------------------------:|-----------------:|
                    | %5d | %10d | %9d | %11d | %17d | %32d | %13d ms |
                    """, kills.size(), operations(), recovered(), rolledBack(), stuck(), violations(), longestRecoveryMillis());
        }
    }

    private final PortalNodes harness;
    private final JdbcTemplate db;
    private final CrashInvariants invariants;
    private final Random random;
    private final List<String> settings;
    private final CrashInjectionNode[] nodes = new CrashInjectionNode[2];
    private final int[] generations = new int[2];
    private final String token;

    private CrashInjection(PortalNodes harness, long seed) {
        this.harness = harness;
        this.db = new JdbcTemplate(harness.bean(0, DataSource.class));
        LabSites sites = harness.bean(0, LabSites.class);
        this.invariants = new CrashInvariants(db, harness.bean(0, HypervisorConnector.class), sites.providerSite());
        this.random = new Random(seed);
        this.token = harness.bean(0, ApiTokens.class).operate(USER);
        this.settings = new ArrayList<>(harness.settingsToJoin());
        settings.addAll(List.of("--lifeboat.lab.bench-vms=" + benchVms(harness),
                "--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=" + CHECKIN_MILLIS,
                "--logging.level.io.lifeboat.tasks=warn", "--logging.level.org.quartz=warn"));
    }

    /** The harness's settings for {@link PortalNodes#start}: the bench tenant with {@code vms} VMs, Quartz not started. */
    static String[] harnessSettings(int vms) {
        return new String[]{"--lifeboat.lab.bench-vms=" + vms, "--spring.quartz.auto-startup=false", "--logging.level.io.lifeboat.tasks=warn"};
    }

    /** {@code kills} rounds of operation, kill, restart and checks; {@code progress} hears of each kill. */
    static Result run(PortalNodes harness, long seed, int kills, Consumer<Kill> progress) {
        return run(harness, seed, kills, 0, progress);
    }

    /**
     * As {@link #run(PortalNodes, long, int, Consumer)}, with up to {@code moreRounds} more, each aimed at the job, while
     * no kill has landed inside a running job yet: an undo's job on the simulators can end before a kill aimed at it.
     */
    static Result run(PortalNodes harness, long seed, int kills, int moreRounds, Consumer<Kill> progress) {
        CrashInjection injection = new CrashInjection(harness, seed);
        long started = System.nanoTime();
        try {
            injection.startBoth();
            List<Kill> done = new ArrayList<>();
            for (int round = 1; round <= kills || (round <= kills + moreRounds && done.stream().noneMatch(Kill::inJob)); round++) {
                Kill kill = injection.round(round, round > kills);
                done.add(kill);
                progress.accept(kill);
            }
            return new Result(seed, done, (System.nanoTime() - started) / 1_000_000);
        } finally {
            injection.stopAll();
        }
    }

    private void startBoth() {
        CompletableFuture<CrashInjectionNode> a = CompletableFuture.supplyAsync(() -> start(0));
        CompletableFuture<CrashInjectionNode> b = CompletableFuture.supplyAsync(() -> start(1));
        nodes[0] = a.join();
        nodes[1] = b.join();
    }

    private CrashInjectionNode start(int index) {
        CrashInjectionNode node = CrashInjectionNode.start(index == 0 ? "a" : "b", ++generations[index], settings);
        nodes[index] = node;
        return node.awaitReady(START_PATIENCE);
    }

    private Kill round(int round, boolean aimedAtTheJob) {
        CrashInvariants.Vm vm = pick(invariants.benchVms());
        Operation operation = operationFor(vm.state());
        int via = random.nextInt(2);
        boolean aimAtTheJob = random.nextInt(5) > 0 || aimedAtTheJob;
        long delay = random.nextInt(aimAtTheJob ? operation.killWindowMillis : 1000);
        long taskId = startOperation(nodes[via], operation, vm);
        if (aimAtTheJob) {
            awaitJobExecuting(operation, taskId);
        }
        sleep(delay);

        String runningOn = invariants.instanceRunning(operation.jobName, taskId);
        int victim = victimIndex(runningOn);
        boolean inJob = runningOn != null && invariants.taskRunning(taskId);
        CrashInjectionNode killed = nodes[victim];
        killed.kill();
        long killedAt = System.nanoTime();
        CompletableFuture<CrashInjectionNode> restart = CompletableFuture.supplyAsync(() -> start(victim));

        String outcome = awaitOutcome(operation, vm, taskId);
        long recovery = (System.nanoTime() - killedAt) / 1_000_000;
        awaitJobGone(operation, taskId);
        List<String> violations = invariants.check();
        restart.join();
        return new Kill(round, operation, vm.name(), taskId, delay, killed.instance(), inJob, outcome, inJob ? recovery : 0, violations);
    }

    /** Until a node executes the operation's job, so that the delay that follows lands inside its steps. */
    private void awaitJobExecuting(Operation operation, long taskId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (invariants.instanceRunning(operation.jobName, taskId) == null && invariants.taskRunning(taskId) && System.nanoTime() < deadline) {
            sleep(10);
        }
    }

    /** The node whose Quartz instance runs the job, else one at random (the kill then lands before or after the job). */
    private int victimIndex(String runningOn) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i].instance().equals(runningOn)) {
                return i;
            }
        }
        return random.nextInt(2);
    }

    private CrashInvariants.Vm pick(List<CrashInvariants.Vm> vms) {
        List<CrashInvariants.Vm> stable = vms.stream().filter(v -> List.of("READY", "FAILED_OVER", "FAILBACK_READY").contains(v.state())).toList();
        if (stable.isEmpty()) {
            throw new IllegalStateException("No bench VM is in a state an operation can start from: " + vms);
        }
        return stable.get(random.nextInt(stable.size()));
    }

    private Operation operationFor(String state) {
        return switch (state) {
            case "READY" -> Operation.FAILOVER;
            case "FAILED_OVER" -> random.nextBoolean() ? Operation.UNDO : Operation.FAILBACK;
            case "FAILBACK_READY" -> random.nextBoolean() ? Operation.COMMIT : Operation.UNDO_FAILBACK;
            default -> throw new IllegalStateException("No operation starts from " + state);
        };
    }

    private long startOperation(CrashInjectionNode node, Operation operation, CrashInvariants.Vm vm) {
        String path = switch (operation) {
            case FAILOVER -> "/api/v1/failovers";
            case UNDO -> "/api/v1/replicas/" + vm.replicaId() + "/undo-failover";
            case FAILBACK -> "/api/v1/replicas/" + vm.replicaId() + "/failback";
            case COMMIT -> "/api/v1/replicas/" + vm.replicaId() + "/commit-failback";
            case UNDO_FAILBACK -> "/api/v1/replicas/" + vm.replicaId() + "/undo-failback";
        };
        String body = operation == Operation.FAILOVER
                ? "{\"vms\":[{\"replicaId\":%d,\"restorePointId\":%d}],\"overrideWarnings\":true}".formatted(vm.replicaId(),
                invariants.latestRestorePoint(vm.replicaId()))
                : "";
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(node.uri(path)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 202) {
                throw new IllegalStateException(operation + " of " + vm.name() + " on " + node.instance() + ": " + answer.statusCode() + " " + answer.body());
            }
            return JSON.readTree(answer.body()).path("id").asLong();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(operation + " of " + vm.name() + " on " + node.instance() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** "finished", "rolled back", or "stuck: ..." once the task has ended and the replica is out of its working state. */
    private String awaitOutcome(Operation operation, CrashInvariants.Vm vm, long taskId) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> now = invariants.taskAndReplica(taskId, vm.replicaId());
            String task = (String) now.get("task_state");
            String state = (String) now.get("replica_state");
            if (!"RUNNING".equals(task) && !busy(state)) {
                if ("SUCCEEDED".equals(task) && operation.to.equals(state)) {
                    return "finished";
                }
                if (operation.from.equals(state) && !"SUCCEEDED".equals(task)) {
                    return "rolled back";
                }
                return "stuck: task " + task + ", replica " + state + " (" + now.get("error_message") + ")";
            }
            sleep(100);
        }
        Map<String, Object> now = invariants.taskAndReplica(taskId, vm.replicaId());
        return "stuck: still task " + now.get("task_state") + ", replica " + now.get("replica_state") + " after " + PATIENCE.toSeconds() + " s";
    }

    /** The job's fired trigger goes a moment after the task's last commit; the check must not race it. */
    private void awaitJobGone(Operation operation, long taskId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (invariants.jobFired(operation.jobName, taskId) && System.nanoTime() < deadline) {
            sleep(100);
        }
    }

    private static boolean busy(String state) {
        return state != null && (state.endsWith("ING") || state.equals("FAILOVER_STARTING") || state.equals("FAILBACK_STARTING"));
    }

    private void stopAll() {
        for (CrashInjectionNode node : nodes) {
            if (node != null && node.alive()) {
                node.kill();
            }
        }
    }

    private static int benchVms(PortalNodes harness) {
        return Integer.parseInt(harness.node(0).getEnvironment().getProperty("lifeboat.lab.bench-vms", "0"));
    }

    private static void sleep(long millis) {
        CrashInjectionNode.sleep(millis);
    }
}

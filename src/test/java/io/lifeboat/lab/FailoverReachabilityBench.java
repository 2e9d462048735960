package io.lifeboat.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.bench.BenchReport;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.lab.network.LabTestSupport;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * Issue 11's failover figures on the lab's real data plane, through the service the wizard calls: the Finish click
 * ({@code startFailover}) → the first reply (TTL 62) to a ping every 5 ms from the tenant LAN's client, cold (no
 * appliances), warm (the wizard warmed them) and hot (another VM of the network failed over), median of 5 each; all of
 * acme's other LAN VMs at once, hot; the switch-back (original powered on after an undo → first reply with TTL 64);
 * and the watchdog (the original up again on the LAN while failed over → the replica shows the conflict). Not part of
 * the suite; {@code ./lifeboat bench failover} runs it as root, writing {@code target/bench/failover-reachability.json}.
 */
@LabTest
@Tag("netns")
@EnabledIf("io.lifeboat.lab.network.LabNetwork#isRoot")
@ContextConfiguration(initializers = FailoverReachabilityBench.BenchContext.class)
@DirtiesContext
class FailoverReachabilityBench {

    private static final String SUFFIX = "r";
    private static final int RUNS = 5;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> LAN_VMS = List.of("web-01", "web-02", "db-01", "app-01", "mail-01");

    /** A data plane of its own; a short grace period so "cold" comes back between runs. */
    static final class BenchContext extends DataPlaneTestContext {
        BenchContext() {
            super(SUFFIX, Map.of("lifeboat.network.idle-grace", "PT3S", "logging.level.io.lifeboat.tasks", "warn"));
        }
    }

    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired LabSites sites;
    @Autowired HypervisorConnector connector;
    @Autowired MeterRegistry meters;
    @Autowired LabDataPlane dataPlane;

    private AcmeLab acme;
    private Hypervisor tenantSite;
    /** When the last {@link #clickToReply} clicked (epoch ms), after its pingers' head start: the cold steps count from it. */
    private long clickedAt;
    private final Map<String, String> originals = new LinkedHashMap<>();

    @Test
    void click_to_first_reply_cold_warm_and_hot_then_switch_back_and_the_watchdog() throws Exception {
        acme = new AcmeLab(as, overview, tasks);
        tenantSite = connector.connect(sites.tenantSimulator().endpoint());
        tenantSite.listVms("production/acme").stream().filter(vm -> LAN_VMS.contains(vm.name())).forEach(vm -> originals.put(vm.name(), vm.id()));
        BenchReport report = new BenchReport("failover-reachability");
        report.fact("measured", "startFailover() (what the wizard's Finish calls) until a ping every 5 ms from the tenant LAN's client first"
                + " answers with TTL 62; lab: simulators, namespaces, OpenVPN through the Cloud Gateway; a lab VM 'boots' when the lab sees it"
                + " powered on (at once when Lifeboat's session powered it on, else a poll every 500 ms) and builds its namespace host");
        report.fact("runs per row", RUNS);
        try {
            originals.keySet().forEach(this::powerOffOriginal);
            ReplicaRow web = acme.replica("web-01");
            report.row(coldRow(web));
            report.row(keptTenantNeaRow(web));
            report.row(figures("warm: wizard opened", "1000", () -> {
                awaitCold();
                as.run("acme-admin", failover::warmUpNetworks);
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> acme.lan().warm() && acme.lan().up());
                return summaryThenClickToReply(List.of(web));
            }, web));
            ReplicaRow db = acme.replica("db-01");
            acme.awaitFinished(as.call("acme-admin", () -> failover.startFailover(acme.request(List.of(db)))));
            HotSteps steps = new HotSteps();
            report.row(steps.addTo(figures("hot: tunnel in use", "300", () -> steps.clickToReply(web), web)));
            List<ReplicaRow> others = withinQuota(LAN_VMS.stream().filter(name -> !name.equals("db-01")).map(acme::replica).toList());
            report.row(figures("hot: " + others.size() + " VMs at once", "3000", () -> summaryThenClickToReply(others), others.toArray(ReplicaRow[]::new)));
            report.row(switchBack(web));
            report.row(watchdog(web));
            undo(db);
        } finally {
            originals.values().forEach(id -> tenantSite.powerOn(id, WAIT));
        }
        report.fact("summary before Finish", "warm and hot: the wizard's summary step (its pre-flight, the LAN probe included) runs before the click,"
                + " as in the wizard, and Finish takes that probe (up to 1 min old); cold: no summary, as a scripted failover");
        report.fact("50 VMs hot", "target/bench/failover-at-scale.json (FailoverAtScaleBench: the lab's bench tenant)");
        report.write();
    }

    // ---------------------------------------------------------------- the cold row and its breakdown

    /** Cold (no appliances): click → first reply, and when each step of the cold path was reached (medians, ms after the click). */
    private Object[] coldRow(ReplicaRow web) throws Exception {
        ColdPathTimeline timeline = new ColdPathTimeline(List.of(LabTestSupport.runDir(DataPlaneTestContext.prefix(SUFFIX)).resolve(ns("nea-t") + ".log"),
                LabTestSupport.runDir(DataPlaneTestContext.prefix(SUFFIX)).resolve(ns("nea-p") + ".log")));
        try {
            Object[] row = figures("cold: no appliances", "2000", () -> {
                awaitCold();
                awaitNeaVmsOff();
                timeline.clear();
                long millis = clickToReply(List.of(web));
                timeline.record(clickedAt, clickedAt + millis);
                return millis;
            }, web);
            List<Object> columns = new ArrayList<>(List.of(row));
            columns.addAll(timeline.medians());
            return columns.toArray();
        } finally {
            timeline.detach();
        }
    }

    /**
     * Cold, but acme keeps its tenant NEA running (ADR 0012): after the click only the provider NEA boots. A tenant's
     * choice, on its own hosts; the row above is the default.
     */
    private Object[] keptTenantNeaRow(ReplicaRow web) throws Exception {
        long lan = acme.lan().networkId();
        assertThat(acme.awaitFinished(as.call("acme-admin", () -> overview.keepTenantNeaRunning(lan, true))).state()).isEqualTo(TaskState.SUCCEEDED);
        try {
            return figures("cold: tenant NEA kept running", "2000", () -> {
                awaitCold();
                awaitNeaVmsOff(List.of(connector.connect(sites.providerSimulator().endpoint())));
                return clickToReply(List.of(web));
            }, web);
        } finally {
            acme.awaitFinished(as.call("acme-admin", () -> overview.keepTenantNeaRunning(lan, false)));
        }
    }

    private void awaitNeaVmsOff() throws InterruptedException {
        awaitNeaVmsOff(List.of(tenantSite, connector.connect(sites.providerSimulator().endpoint())));
    }

    /**
     * Cold means the NEA VMs are off and the lab saw them so (its poll: 100 ms): a VM powered on again before would
     * count as never off to the lab, and its agent, shut down over its stream, would wait for the failover's start.
     */
    private void awaitNeaVmsOff(List<Hypervisor> atSites) throws InterruptedException {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> atSites.stream().flatMap(site -> neaVms(site).stream())
                .noneMatch(vm -> vm.powerState() == io.lifeboat.hypervisor.VmInfo.PowerState.POWERED_ON));
        Thread.sleep(600);
    }

    private static List<io.lifeboat.hypervisor.VmInfo> neaVms(Hypervisor site) {
        try {
            return site.listVms("lifeboat-appliances");
        } catch (io.lifeboat.hypervisor.HypervisorException e) {
            return List.of();   // none cloned at this site yet
        }
    }

    /** As many of {@code vms} as acme's plan lets fail over beside what already runs at the provider. */
    private List<ReplicaRow> withinQuota(List<ReplicaRow> vms) {
        List<ReplicaRow> fitting = new ArrayList<>();
        for (ReplicaRow vm : vms) {
            fitting.add(vm);
            if (as.call("acme-admin", () -> failover.preflight(acme.request(fitting))).hasBlockers()) {
                fitting.remove(vm);
            }
        }
        return fitting;
    }

    @FunctionalInterface
    private interface Run {
        long millis() throws Exception;
    }

    /** RUNS runs of {@code run}, each followed by an undo of {@code vms}. */
    private Object[] figures(String path, String target, Run run, ReplicaRow... vms) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            millis.add(run.millis());
            for (ReplicaRow vm : vms) {
                undo(vm);
            }
        }
        return new Object[]{"path", path, "median_ms", BenchReport.median(millis), "min_ms", millis.stream().min(Long::compare).orElseThrow(),
                "max_ms", millis.stream().max(Long::compare).orElseThrow(), "target_ms", target};
    }

    /** Finish → every VM's IP answered the client with TTL 62 (no summary before: a scripted failover, as the cold row's). */
    private long clickToReply(List<ReplicaRow> vms) throws Exception {
        return clickToReply(vms, false);
    }

    /** The wizard's summary (its pre-flight) read, then Finish → every VM's IP answered the client with TTL 62. */
    private long summaryThenClickToReply(List<ReplicaRow> vms) throws Exception {
        return clickToReply(vms, true);
    }

    private long clickToReply(List<ReplicaRow> vms, boolean summaryFirst) throws Exception {
        if (summaryFirst) {
            readSummary(vms);
        }
        List<CompletableFuture<Long>> replies = new ArrayList<>();
        for (ReplicaRow vm : vms) {
            replies.add(firstReplyNanos(vm.ipAddress(), "ttl=62"));
        }
        Thread.sleep(300);   // the pingers run before the click
        long clicked = System.nanoTime();
        clickedAt = System.currentTimeMillis();
        long task = as.call("acme-admin", () -> failover.startFailover(acme.request(vms)));
        long last = clicked;
        for (CompletableFuture<Long> reply : replies) {
            last = Math.max(last, reply.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertThat(acme.awaitFinished(task).state()).isEqualTo(TaskState.SUCCEEDED);
        return (last - clicked) / 1_000_000;
    }

    /** What the wizard's summary step does before Finish can be clicked: the pre-flight, the LAN probe included. */
    private void readSummary(List<ReplicaRow> vms) {
        assertThat(as.call("acme-admin", () -> failover.preflight(acme.request(vms))).hasBlockers()).isFalse();
    }

    /** Per-step timers of the product, as the portal records them; their change over one run is that run's step. */
    private static final List<String> STEPS = List.of("load", "connect", "marker", "revert", "NIC", "power-on", "flip");

    /**
     * The hot path step by step, medians over the runs: the click until {@code startFailover} returned (pre-flight, the
     * transaction scheduling the job), Quartz's pickup (its timer counts from the trigger's time, set a few ms before
     * that transaction commits, so the two overlap by the commit), the runner's steps back to back (the flip beside the
     * vCenter steps, from the connection on), then the lab: the poll that saw the replica powered on and its namespace host
     * up, and the first reply with TTL 62. Offsets are "since the click".
     */
    private final class HotSteps {
        private final Map<String, List<Long>> millis = new LinkedHashMap<>();

        long clickToReply(ReplicaRow vm) throws Exception {
            readSummary(List.of(vm));
            CompletableFuture<Long> reply = firstReplyNanos(vm.ipAddress(), "ttl=62");
            Thread.sleep(300);   // the pinger runs before the click
            Map<String, double[]> before = timers();
            long clicked = System.nanoTime();
            long task = as.call("acme-admin", () -> failover.startFailover(acme.request(List.of(vm))));
            long returned = System.nanoTime();
            long replied = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            String host = vm.vmName().replace("_replica", "") + "-r";
            await().atMost(WAIT).until(() -> dataPlane.hostBoot("acme", host).isPresent());   // its announcement may end after the reply
            LabVmHosts.Boot boot = dataPlane.hostBoot("acme", host).orElseThrow();
            assertThat(acme.awaitFinished(task).state()).isEqualTo(TaskState.SUCCEEDED);
            Map<String, Long> step = new LinkedHashMap<>();
            timers().forEach((name, after) -> step.put(name, Math.round((after[1] - before.getOrDefault(name, new double[2])[1]) / 1e6)));
            long offset = (returned - clicked) / 1_000_000;
            add("click → startFailover returned", offset);
            offset += step.get("pickup");
            add("job pickup (trigger → job running)", step.get("pickup"));
            add("at: job running", offset);
            long flipFrom = 0;
            for (String name : STEPS.subList(0, STEPS.size() - 1)) {
                offset += step.get(name);
                add("step: " + name, step.get(name));
                add("at: " + name + " done", offset);
                flipFrom = name.equals("connect") ? offset : flipFrom;
            }
            long poweredOnAt = offset;
            long flipAt = flipFrom + step.get("flip");
            add("step: flip (beside the vCenter steps, from connect done)", step.get("flip"));
            add("at: flip done", flipAt);
            long productAt = Math.max(poweredOnAt, flipAt);
            add("product: click → powered on and extension ready", productAt);
            add("at: lab saw it powered on (poll began)", (boot.seenNanos() - clicked) / 1_000_000);
            add("at: lab guest up (namespace host answers)", (boot.upNanos() - clicked) / 1_000_000);
            add("lab guest: powered on → namespace host up", (boot.upNanos() - clicked) / 1_000_000 - poweredOnAt);
            add("at: first reply TTL 62", (replied - clicked) / 1_000_000);
            add("reply after the host was up", (replied - boot.upNanos()) / 1_000_000);
            return (replied - clicked) / 1_000_000;
        }

        private void add(String name, long value) {
            millis.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }

        /** The row with a median per step added. */
        Object[] addTo(Object[] row) {
            List<Object> more = new ArrayList<>(List.of(row));
            millis.forEach((name, values) -> {
                more.add(name + " (median ms)");
                more.add(BenchReport.median(values));
            });
            return more.toArray();
        }

        /** Count and total nanoseconds of each step timer and of Quartz's pickup of failovers. */
        private Map<String, double[]> timers() {
            Map<String, double[]> now = new LinkedHashMap<>();
            for (String name : STEPS) {
                Timer timer = meters.find("lifeboat.failover.step").tag("step", name).timer();
                now.put(name, timer == null ? new double[2] : new double[]{timer.count(), timer.totalTime(TimeUnit.NANOSECONDS)});
            }
            Timer pickup = meters.find("lifeboat.replica.job.pickup").tag("operation", "FAILOVER_STARTING").timer();
            now.put("pickup", pickup == null ? new double[2] : new double[]{pickup.count(), pickup.totalTime(TimeUnit.NANOSECONDS)});
            return now;
        }
    }

    /** After an undo: the original powered on → its first reply with TTL 64, and from its host being up on the LAN. */
    private Object[] switchBack(ReplicaRow web) throws Exception {
        List<Long> fromPowerOn = new ArrayList<>();
        List<Long> fromHostUp = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            acme.awaitFinished(as.call("acme-admin", () -> failover.startFailover(acme.request(List.of(web)))));
            undo(web);
            CompletableFuture<Long> reply = firstReplyNanos(web.ipAddress(), "ttl=64");
            Thread.sleep(300);
            long poweredOn = powerOn("web-01");
            long hostUp = awaitHost("web-01");
            long replied = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            fromPowerOn.add((replied - poweredOn) / 1_000_000);
            fromHostUp.add(Math.max(0, replied - hostUp) / 1_000_000);
            powerOffOriginal("web-01");
        }
        return new Object[]{"path", "switch-back after undo", "median_ms", BenchReport.median(fromPowerOn),
                "min_ms", fromPowerOn.stream().min(Long::compare).orElseThrow(), "max_ms", fromPowerOn.stream().max(Long::compare).orElseThrow(),
                "target_ms", "50", "host_up_to_reply_median_ms", BenchReport.median(fromHostUp)};
    }

    /** While failed over, the original comes up on the LAN (and announces itself) → the replica shows the conflict. */
    private Object[] watchdog(ReplicaRow web) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            acme.awaitFinished(as.call("acme-admin", () -> failover.startFailover(acme.request(List.of(web)))));
            powerOn("web-01");
            long hostUp = awaitHost("web-01");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> acme.replica("web-01").inConflict());
            millis.add((System.nanoTime() - hostUp) / 1_000_000);
            as.run("acme-admin", () -> failover.powerOffOriginal(web.id()));
            LabTestSupport.awaitNamespace(ns("web-01"), false);
            undo(web);
        }
        return new Object[]{"path", "watchdog: original up → conflict shown", "median_ms", BenchReport.median(millis),
                "min_ms", millis.stream().min(Long::compare).orElseThrow(), "max_ms", millis.stream().max(Long::compare).orElseThrow(),
                "target_ms", "1000"};
    }

    /** Pings {@code ip} every 5 ms from the tenant LAN's client: the nanoTime of the first reply holding {@code marker}. */
    private static CompletableFuture<Long> firstReplyNanos(String ip, String marker) {
        return FirstReply.nanos(ns("client"), ip, marker, "0.005", WAIT);
    }

    private long powerOn(String vm) {
        tenantSite.powerOn(originals.get(vm), WAIT);
        return System.nanoTime();
    }

    private long awaitHost(String vm) {
        LabTestSupport.awaitNamespace(ns(vm), true);
        return System.nanoTime();
    }

    private void powerOffOriginal(String vm) {
        tenantSite.powerOff(originals.get(vm), WAIT);
        LabTestSupport.awaitNamespace(ns(vm), false);
    }

    private void awaitCold() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> acme.lan().status() == null);
    }

    private void undo(ReplicaRow vm) {
        assertThat(acme.awaitFinished(as.call("acme-admin", () -> failover.undoFailover(vm.id()))).state()).isEqualTo(TaskState.SUCCEEDED);
    }

    private static String ns(String host) {
        return DataPlaneTestContext.namespace(SUFFIX, "acme", host);
    }
}

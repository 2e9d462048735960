package io.lifeboat.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.drillreport.DrillReportService;
import io.lifeboat.failover.FailoverRefusedException;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.lab.LabSites;
import io.lifeboat.replica.IllegalTransitionException;
import io.lifeboat.replica.ReplicaOperations;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaEvent;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.ReplicaTransitions;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tasks.TaskLogEntry;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.SnapshotInfo;
import io.lifeboat.hypervisor.VmInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.jdbc.core.JdbcTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Autowired;

/** Test failovers through the real services against the lab's two vSphere simulators (no mocks). */
@LabTest
class DrillIntegrationTest {

    @Autowired AsUser as;
    @Autowired DrillService drills;
    @Autowired DrillReportService reports;
    @Autowired FailoverService failover;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;
    @Autowired InventoryService inventory;
    @Autowired TenancyService tenancy;
    @Autowired HypervisorConnector connector;
    @Autowired JdbcTemplate jdbc;
    @Autowired LabSites sites;
    @Autowired Scheduler scheduler;
    @Autowired ReplicaOperations operations;
    @Autowired DrillVmRepository drillVms;
    @Autowired ReplicaTransitions transitions;

    @Test
    void a_drill_of_two_vms_runs_them_in_the_isolated_port_group_blocks_failover_and_ending_it_reverts_them() throws IOException {
        ReplicaRow dc = replica("globex-admin", "dc-01");
        ReplicaRow files = replica("globex-admin", "files-01");
        RestorePointInfo dcPoint = restorePoints("globex-admin", dc).get(1); // not the latest, on purpose
        RestorePointInfo filesPoint = restorePoints("globex-admin", files).get(0);
        String dcVm = vmId(dc);
        String filesVm = vmId(files);
        VmInfo dcBefore = provider().findVm(dcVm);
        int filesSnapshotsBefore = provider().findVm(filesVm).snapshots().size();

        long drillId = as.call("globex-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(dc.id(), dcPoint.id()), new DrillRequest.VmChoice(files.id(), filesPoint.id())), Duration.ofHours(8))));
        DrillInfo started = as.call("globex-admin", () -> drills.find(drillId)).orElseThrow();
        assertThat(awaitFinished(started.taskId()).state()).isEqualTo(TaskState.SUCCEEDED);

        VmInfo dcRunning = provider().findVm(dcVm);
        VmInfo filesRunning = provider().findVm(filesVm);
        assertThat(List.of(dcRunning, filesRunning)).allSatisfy(vm -> {
            assertThat(vm.powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);
            assertThat(vm.network()).as("isolated port group, no NIC on the tenant's").isEqualTo("tenant.globex.drill2002");
        });
        assertThat(dcRunning.currentSnapshotId()).isEqualTo(dcPoint.snapshotId());
        assertThat(filesRunning.currentSnapshotId()).isEqualTo(filesPoint.snapshotId());
        assertThat(replica("globex-admin", "dc-01").state()).isEqualTo(ReplicaState.IN_DRILL);
        assertThat(replica("globex-admin", "files-01").state()).isEqualTo(ReplicaState.IN_DRILL);
        DrillInfo running = as.call("globex-admin", () -> drills.find(drillId)).orElseThrow();
        assertThat(running.state()).isEqualTo(DrillState.RUNNING);
        assertThat(running.vms()).allSatisfy(vm -> {
            assertThat(vm.poweredOnAt()).isAfterOrEqualTo(running.startedAt());
            assertThat(vm.restorePointAge()).isPositive();
            // this context runs without the lab's data plane, so no probe sits in the bubble: said, not faked
            assertThat(vm.checkPassed()).isNull();
            assertThat(vm.checkNote()).startsWith("Not checked: ");
        });

        // a replica in a drill can be neither failed over nor taken into a second drill, and the quota counts it
        assertThatThrownBy(() -> as.call("globex-admin", () -> failover.startFailover(new FailoverRequest(
                List.of(new FailoverRequest.VmChoice(dc.id(), dcPoint.id())), true))))
                .isInstanceOf(FailoverRefusedException.class).hasMessageContaining("In test failover");
        assertThatThrownBy(() -> as.call("globex-admin", () -> drills.start(new DrillRequest(
                List.of(new DrillRequest.VmChoice(files.id(), filesPoint.id())), null))))
                .isInstanceOf(DrillRefusedException.class).hasMessageContaining("only Ready replicas");
        ReplicaRow erp = replica("globex-admin", "erp-01"); // 4 vCPU + crm-01's 2 + the drill's 3 > 8
        ReplicaRow crm = replica("globex-admin", "crm-01");
        assertThatThrownBy(() -> as.call("globex-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(erp.id(), restorePoints("globex-admin", erp).get(0).id()),
                new DrillRequest.VmChoice(crm.id(), restorePoints("globex-admin", crm).get(0).id())), null))))
                .isInstanceOf(DrillRefusedException.class).hasMessageContaining("Quota exceeded").hasMessageContaining("3 of your 8 vCPU");

        String runningReport = pdfText("globex-admin", drillId);
        assertThat(runningReport).contains("Test failover #" + drillId, "Started by globex-admin", "task #" + started.taskId(),
                "dc-01", "files-01", dcPoint.name(), filesPoint.name(), DrillInfo.readable(running.vms().get(0).restorePointAge()),
                "all passed: 0; failed: 0; not run: 2", "Not sealed yet");

        long endTask = as.call("globex-admin", () -> drills.end(drillId));
        assertThat(awaitFinished(endTask).state()).isEqualTo(TaskState.SUCCEEDED);
        VmInfo dcAfter = provider().findVm(dcVm);
        VmInfo filesAfter = provider().findVm(filesVm);
        assertThat(List.of(dcAfter, filesAfter)).allSatisfy(vm -> {
            assertThat(vm.powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
            assertThat(vm.network()).isEqualTo(dcBefore.network());
            assertThat(vm.snapshots()).noneMatch(s -> s.name().startsWith(InventoryService.LIFEBOAT_SNAPSHOT_PREFIX));
        });
        assertThat(dcAfter.snapshots()).hasSize(dcBefore.snapshots().size());
        assertThat(filesAfter.snapshots()).hasSize(filesSnapshotsBefore);
        assertThat(replica("globex-admin", "dc-01").state()).isEqualTo(ReplicaState.READY);
        assertThat(replica("globex-admin", "files-01").state()).isEqualTo(ReplicaState.READY);
        DrillInfo ended = await().atMost(Duration.ofSeconds(10)).until(() -> as.call("globex-admin", () -> drills.find(drillId)).orElseThrow(),
                d -> d.state() == DrillState.ENDED && d.reportSha256() != null);
        assertThat(ended.endedBy()).isEqualTo("globex-admin");
        assertThat(ended.vms()).allSatisfy(vm -> assertThat(vm.checks()).extracting(DrillInfo.DrillCheckInfo::check).containsExactly("ping"));
        assertThat(ended.vms()).allSatisfy(vm -> assertThat(vm.cleanedUpAt()).isNotNull());
        assertThat(pdfText("globex-admin", drillId)).contains("Ended by globex-admin", "task #" + endTask, "reverted at");
        assertThat(as.call("provider", () -> drills.drills())).extracting(DrillInfo::id).contains(drillId);
    }

    @Test
    void the_report_is_sealed_at_the_end_downloadable_as_json_and_its_hash_verifies_until_the_stored_evidence_changes() throws IOException {
        ReplicaRow app = replica("acme-admin", "app-01");
        RestorePointInfo point = restorePoints("acme-admin", app).get(0);
        long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(app.id(), point.id(), DrillCheck.parseList("ping tcp:8080"))), Duration.ofHours(1))));
        DrillInfo started = as.call("acme-admin", () -> drills.find(drillId)).orElseThrow();
        awaitFinished(started.taskId());
        assertThatThrownBy(() -> as.call("acme-admin", () -> reports.verify(drillId, null)))
                .isInstanceOf(DrillRefusedException.class).hasMessageContaining("sealed when the drill ends");
        awaitFinished(as.call("acme-admin", () -> drills.end(drillId)));
        DrillInfo ended = await().atMost(Duration.ofSeconds(10)).until(() -> as.call("acme-admin", () -> drills.find(drillId)).orElseThrow(),
                d -> d.reportSha256() != null);
        assertThat(ended.reportSha256()).matches("[0-9a-f]{64}").isEqualTo(DrillSeal.sha256(ended));

        JsonNode json = new ObjectMapper().readTree(as.call("acme-admin", () -> reports.reportJson(drillId)));
        assertThat(json.get("reportSha256").asText()).isEqualTo(ended.reportSha256());
        assertThat(json.get("startedBy").asText()).isEqualTo("acme-admin");
        JsonNode vm = json.get("vms").get(0);
        assertThat(vm.get("vmName").asText()).isEqualTo("app-01");
        assertThat(vm.get("restorePointName").asText()).isEqualTo(point.name());
        assertThat(vm.get("checks")).extracting(c -> c.get("check").asText()).containsExactly("ping", "tcp:8080");
        assertThat(json.get("endTaskId").asLong()).isEqualTo(ended.endTaskId());
        assertThat(pdfText("acme-admin", drillId)).contains("Report SHA-256: " + ended.reportSha256());

        DrillReportService.ReportVerification verified = as.call("acme-admin", () -> reports.verify(drillId, ""));
        assertThat(verified.matches()).isTrue();
        assertThat(as.call("provider", () -> reports.verify(drillId, ended.reportSha256().toUpperCase())).matches()).isTrue();
        assertThat(as.call("acme-admin", () -> reports.verify(drillId, "0".repeat(64))).matches()).as("another report's hash").isFalse();
        assertThatThrownBy(() -> as.call("globex-admin", () -> reports.reportJson(drillId))).isInstanceOf(DrillRefusedException.class);
        assertThatThrownBy(() -> as.call("globex-admin", () -> reports.verify(drillId, null))).isInstanceOf(DrillRefusedException.class);

        jdbc.update("update drill_vm set restore_point_name = ? where drill_id = ?", "a younger restore point", drillId);
        DrillReportService.ReportVerification tampered = as.call("acme-admin", () -> reports.verify(drillId, null));
        assertThat(tampered.matches()).as("the stored evidence was changed after the seal").isFalse();
        assertThat(tampered.expectedSha256()).isEqualTo(ended.reportSha256());
        assertThat(tampered.recomputedSha256()).isNotEqualTo(ended.reportSha256());
        jdbc.update("update drill_vm set restore_point_name = ? where drill_id = ?", point.name(), drillId);
        assertThat(as.call("acme-admin", () -> reports.verify(drillId, ended.reportSha256())).matches()).isTrue();
    }

    @Test
    void another_tenant_cannot_see_end_or_download_a_drill() {
        ReplicaRow mail = replica("acme-admin", "mail-01");
        long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(mail.id(), restorePoints("acme-admin", mail).get(0).id())), Duration.ofHours(1))));
        DrillInfo drill = as.call("acme-admin", () -> drills.find(drillId)).orElseThrow();
        awaitFinished(drill.taskId());

        assertThat(as.call("globex-admin", () -> drills.find(drillId))).isEmpty();
        assertThat(as.call("globex-admin", () -> drills.drills())).extracting(DrillInfo::id).doesNotContain(drillId);
        assertThatThrownBy(() -> as.call("globex-admin", () -> drills.end(drillId)))
                .isInstanceOf(DrillRefusedException.class).hasMessageContaining("no test failover with id " + drillId);
        assertThatThrownBy(() -> as.call("globex-admin", () -> reports.reportPdf(drillId)))
                .isInstanceOf(DrillRefusedException.class).hasMessageNotContaining("mail-01");
        assertThatThrownBy(() -> as.call("globex-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(mail.id(), restorePoints("acme-admin", mail).get(0).id())), null))))
                .isInstanceOf(DrillRefusedException.class).hasMessageContaining("no replica with id " + mail.id());
        assertThatThrownBy(() -> as.call("acme-viewer", () -> drills.end(drillId))).isInstanceOf(AccessDeniedException.class);
        assertThat(replica("acme-admin", "mail-01").state()).isEqualTo(ReplicaState.IN_DRILL);

        long endTask = as.call("acme-admin", () -> drills.end(drillId));
        assertThat(awaitFinished(endTask).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(replica("acme-admin", "mail-01").state()).isEqualTo(ReplicaState.READY);
    }

    /** Its own Quartz trigger ends it: ten seconds, as the test profile lets drills be that short (users: a minute or more). */
    @Test
    void a_drill_left_running_ends_by_itself_at_its_time_limit() {
        ReplicaRow web = replica("acme-admin", "web-02");
        long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(web.id(), restorePoints("acme-admin", web).get(0).id())), Duration.ofSeconds(10))));
        DrillInfo started = as.call("acme-admin", () -> drills.find(drillId)).orElseThrow();
        assertThat(awaitFinished(started.taskId()).state()).isEqualTo(TaskState.SUCCEEDED);
        DrillInfo running = as.call("acme-admin", () -> drills.find(drillId)).orElseThrow();
        assertThat(running.endsSoon(running.startedAt())).as("the reminder shows within 30 minutes of the limit").isTrue();
        assertThat(running.endsSoon(running.timeLimitAt().minus(DrillInfo.REMINDER).minusSeconds(1))).isFalse();

        DrillInfo ended = await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                .until(() -> as.call("acme-admin", () -> drills.find(drillId)).orElseThrow(), d -> d.state() == DrillState.ENDED);
        assertThat(ended.endedBy()).isEqualTo(DrillInfo.TIME_LIMIT);
        assertThat(ended.endedAt()).isAfterOrEqualTo(started.timeLimitAt());
        assertThat(replica("acme-admin", "web-02").state()).isEqualTo(ReplicaState.READY);
        assertThat(provider().findVm(vmId(web)).powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
    }

    /**
     * A network stored before its drill port group was checked, with a production port group as its drill port group
     * (here globex's provider port group): a drill there would power the copy on next to the production VMs with the
     * original's IP. It is refused, saying what the provider must change.
     */
    @Test
    void a_drill_into_a_port_group_a_production_network_uses_is_refused() {
        ReplicaRow app = replica("acme-admin", "app-01");
        long acme = tenancy.findTenantByName("acme").orElseThrow().id();
        String productionOfGlobex = jdbc.queryForObject("select provider_port_group from tenant_network where tenant_id = ? and name = 'LAN'",
                String.class, tenancy.findTenantByName("globex").orElseThrow().id());
        String isolated = jdbc.queryForObject("select drill_port_group from tenant_network where tenant_id = ? and name = 'LAN'", String.class, acme);
        DrillRequest request = new DrillRequest(List.of(new DrillRequest.VmChoice(app.id(), restorePoints("acme-admin", app).get(0).id())),
                Duration.ofHours(1));
        jdbc.update("update tenant_network set drill_port_group = ? where tenant_id = ? and name = 'LAN'", productionOfGlobex, acme);
        try {
            assertThat(as.call("acme-admin", () -> drills.problems(request))).singleElement().asString()
                    .startsWith("app-01: the port group for test failovers of network LAN, " + productionOfGlobex + ", is not isolated")
                    .contains("Ask your provider to give network LAN a drill port group of its own.");
            assertThatThrownBy(() -> as.call("acme-admin", () -> drills.start(request))).isInstanceOf(DrillRefusedException.class)
                    .hasMessageContaining("is not isolated");
        } finally {
            jdbc.update("update tenant_network set drill_port_group = ? where tenant_id = ? and name = 'LAN'", isolated, acme);
        }
        assertThat(replica("acme-admin", "app-01").state()).as("nothing started").isEqualTo(ReplicaState.READY);
        assertThat(as.call("acme-admin", () -> drills.problems(request))).isEmpty();
    }

    /**
     * The provider's vCenter hangs (its simulator stopped): the wizard's check says so within seconds, and a start is
     * refused for the same reason. Before, the drill started and sat in "Starting" for vCenter's read timeout without a
     * word. Once vCenter answers, nothing stands in the way.
     */
    @Test
    void while_the_provider_vcenter_hangs_a_drill_is_refused_within_seconds_saying_why() {
        ReplicaRow app = replica("acme-admin", "app-01");
        DrillRequest request = new DrillRequest(List.of(new DrillRequest.VmChoice(app.id(), restorePoints("acme-admin", app).get(0).id())),
                Duration.ofHours(1));
        assertThat(as.call("acme-admin", () -> drills.problems(request))).isEmpty();

        List<String> problems;
        long askedNanos = System.nanoTime();
        sites.providerSimulator().freeze();
        try {
            problems = as.call("acme-admin", () -> drills.problems(request));
            assertThat(Duration.ofNanos(System.nanoTime() - askedNanos)).as("not held for vCenter's read timeout").isLessThan(Duration.ofSeconds(60));
            assertThatThrownBy(() -> as.call("acme-admin", () -> drills.start(request))).isInstanceOf(DrillRefusedException.class)
                    .hasMessageContaining("Your provider's vCenter has not answered since ");
        } finally {
            sites.providerSimulator().thaw();
        }
        assertThat(problems).singleElement().asString().startsWith("Your provider's vCenter has not answered since ")
                .contains("a test failover cannot start until it does");
        assertThat(replica("acme-admin", "app-01").state()).as("nothing started").isEqualTo(ReplicaState.READY);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(as.call("acme-admin", () -> drills.problems(request)))
                .as("vCenter answers again").isEmpty());
    }

    /**
     * The provider's vCenter hangs while a drill ends: its task says, within seconds, that it waits for that vCenter and
     * since when; once it answers, the drill ends as usual. Before, the task showed nothing for as long
     * as the hang lasted (up to each call's read timeout, two minutes).
     */
    @Test
    void a_drill_ending_while_the_provider_vcenter_hangs_says_in_its_task_what_it_waits_for() {
        ReplicaRow db = replica("acme-admin", "db-01");
        long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(db.id(), restorePoints("acme-admin", db).get(0).id())), Duration.ofHours(1))));
        assertThat(awaitFinished(as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId()).state()).isEqualTo(TaskState.SUCCEEDED);

        sites.providerSimulator().freeze();
        long endTask;
        try {
            endTask = as.call("acme-admin", () -> drills.end(drillId));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(logOf(endTask)).anyMatch(line -> line.level().equals("WARN")
                    && line.message().startsWith("Your provider's vCenter has not answered since ") && line.message().contains("A step of this task that needs it waits until it answers")));
            assertThat(as.call("acme-admin", () -> tasks.find(endTask)).orElseThrow().state()).isEqualTo(TaskState.RUNNING);
        } finally {
            sites.providerSimulator().thaw();
        }
        assertThat(awaitFinished(endTask).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(logOf(endTask)).extracting(TaskLogEntry::message).noneMatch(m -> m.startsWith("Your vCenter has not answered"));
        assertThat(replica("acme-admin", "db-01").state()).isEqualTo(ReplicaState.READY);
    }

    /**
     * A portal killed between taking a drill's marker snapshot and recording it leaves the snapshot behind: the resumed
     * start must use it, not take a second one that nothing ever removes. Staged in vCenter while the scheduler stands by.
     */
    @Test
    void a_resumed_drill_start_uses_the_marker_a_killed_run_took_and_the_end_leaves_no_marker() throws Exception {
        ReplicaRow web = replica("acme-admin", "web-01");
        String vmId = vmId(web);
        long drillId;
        try {
            scheduler.standby();
            drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                    new DrillRequest.VmChoice(web.id(), restorePoints("acme-admin", web).get(0).id())), Duration.ofHours(1))));
            String leftByTheKilledRun = provider().takeSnapshot(vmId, InventoryService.LIFEBOAT_SNAPSHOT_PREFIX + "drill-" + drillId,
                    "as a run killed before recording it leaves it", Duration.ofSeconds(60));
            scheduler.start();
            assertThat(awaitFinished(as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId()).state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(drillMarkers(vmId)).as("one marker, the one the killed run took").containsExactly(leftByTheKilledRun);
            assertThat(jdbc.queryForObject("select marker_snapshot_id from replica_status where replica_id = ?", String.class, web.id()))
                    .isEqualTo(leftByTheKilledRun);
        } finally {
            if (scheduler.isInStandbyMode()) {
                scheduler.start();
            }
        }
        long endTask = as.call("acme-admin", () -> drills.end(drillId));
        assertThat(awaitFinished(endTask).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(drillMarkers(vmId)).isEmpty();
        assertThat(replica("acme-admin", "web-01").state()).isEqualTo(ReplicaState.READY);
    }

    /**
     * A portal killed (or a database outage) after a drill's VM was started, while its checks ran: the resumed start
     * finds no VM left to start and used to check none, then sealed a report whose VM had no check outcome at all.
     * Staged by doing the killed run's start of the VM by hand while the scheduler stands by.
     */
    @Test
    void a_resumed_drill_start_checks_the_vms_a_killed_run_started_but_never_checked() throws Exception {
        ReplicaRow web = replica("acme-admin", "web-01");
        long drillId;
        try {
            scheduler.standby();
            drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                    new DrillRequest.VmChoice(web.id(), restorePoints("acme-admin", web).get(0).id())), Duration.ofHours(1))));
            DrillVm started = drillVms.findByDrillIdOrderByVmName(drillId).get(0);
            started.poweredOn(java.time.Instant.now());
            drillVms.save(started);
            transitions.apply(web.id(), web.tenantId(), "web-01", ReplicaEvent.DRILL_STARTED);
            scheduler.start();
            assertThat(awaitFinished(as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId()).state()).isEqualTo(TaskState.SUCCEEDED);
        } finally {
            if (scheduler.isInStandbyMode()) {
                scheduler.start();
            }
        }
        DrillInfo.DrillVmInfo checked = as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().vms().get(0);
        assertThat(checked.checkNote()).as("the checks ran, here to say the lab has no probe in the bubble").startsWith("Not checked: ");
        assertThat(logOf(as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId())).extracting(TaskLogEntry::message)
                .anyMatch(m -> m.startsWith("Checked after the drill's start was resumed"));
        assertThat(awaitFinished(as.call("acme-admin", () -> drills.end(drillId))).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(replica("acme-admin", "web-01").state()).isEqualTo(ReplicaState.READY);
    }

    /**
     * A portal killed after the drill's end reverted to the marker and removed it, but before it recorded DRILL_ENDED:
     * the resumed end (and every Retry) used to fail on the missing snapshot and leave the replica in Error for good.
     */
    @Test
    void a_resumed_drill_end_finishes_when_a_killed_run_already_removed_the_marker() throws Exception {
        ReplicaRow web = replica("acme-admin", "web-01");
        String vmId = vmId(web);
        long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(web.id(), restorePoints("acme-admin", web).get(0).id())), Duration.ofHours(1))));
        assertThat(awaitFinished(as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId()).state()).isEqualTo(TaskState.SUCCEEDED);
        String marker = jdbc.queryForObject("select marker_snapshot_id from replica_status where replica_id = ?", String.class, web.id());
        long endTask;
        try {
            scheduler.standby();
            endTask = as.call("acme-admin", () -> drills.end(drillId));
            Hypervisor provider = provider();
            provider.powerOff(vmId, Duration.ofSeconds(60));
            provider.revertToSnapshot(vmId, marker, Duration.ofSeconds(60));
            provider.removeSnapshot(vmId, marker, Duration.ofSeconds(60)); // as an end killed before recording DRILL_ENDED leaves it
        } finally {
            scheduler.start();
        }
        assertThat(awaitFinished(endTask).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(replica("acme-admin", "web-01").state()).isEqualTo(ReplicaState.READY);
        assertThat(drillMarkers(vmId)).isEmpty();
        assertThat(provider().findVm(vmId).powerState()).isEqualTo(VmInfo.PowerState.POWERED_OFF);
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> as.call("acme-admin", () -> drills.find(drillId)).orElseThrow(),
                d -> d.state() == DrillState.ENDED).reportSha256()).isNotNull();
    }

    /**
     * A replica in Error after a failed drill step is cleaned up by Retry, which ends the drill and seals its report.
     * Undo failover (the API offers it by URL) used to be accepted there too: it reverted the replica and made it Ready
     * while its drill was never ended nor sealed.
     */
    @Test
    void a_replica_in_error_after_a_failed_drill_end_cannot_be_undone_as_a_failover_and_retry_ends_the_drill() {
        ReplicaRow web = replica("acme-admin", "web-01");
        long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(web.id(), restorePoints("acme-admin", web).get(0).id())), Duration.ofHours(1))));
        assertThat(awaitFinished(as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId()).state()).isEqualTo(TaskState.SUCCEEDED);
        jdbc.update("update replica_status set state = 'ERROR', failed_operation = 'DRILL_ENDING', error_message = ? where replica_id = ?",
                "Ending the test failover failed: the test says so. Retry when the provider site is reachable.", web.id()); // as a failed end leaves it

        assertThatThrownBy(() -> as.call("acme-admin", () -> failover.undoFailover(web.id()))).isInstanceOf(IllegalTransitionException.class);
        assertThat(replica("acme-admin", "web-01").state()).isEqualTo(ReplicaState.ERROR);

        long retry = as.call("acme-admin", () -> operations.retry(web.id()));
        assertThat(awaitFinished(retry).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(replica("acme-admin", "web-01").state()).isEqualTo(ReplicaState.READY);
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> as.call("acme-admin", () -> drills.find(drillId)).orElseThrow(),
                d -> d.state() == DrillState.ENDED).reportSha256()).isNotNull();
    }

    /**
     * Ending a drill whose only VM is in Error queued nothing, and its task ended as succeeded: "Done; the portal node
     * running it stopped before it recorded the end". Now it fails saying which VM is in Error and to retry it; the retry
     * then ends the drill.
     */
    @Test
    void ending_a_drill_whose_vms_are_all_in_error_fails_naming_them_and_their_retry_ends_it() {
        ReplicaRow web = replica("acme-admin", "web-01");
        long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(web.id(), restorePoints("acme-admin", web).get(0).id())), Duration.ofHours(1))));
        assertThat(awaitFinished(as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId()).state()).isEqualTo(TaskState.SUCCEEDED);
        jdbc.update("update replica_status set state = 'ERROR', failed_operation = 'DRILL_ENDING', error_message = ? where replica_id = ?",
                "Ending the test failover failed: the test says so. Retry when the provider site is reachable.", web.id());

        TaskInfo end = awaitFinished(as.call("acme-admin", () -> drills.end(drillId)));

        assertThat(end.state()).isEqualTo(TaskState.FAILED);
        assertThat(end.summary()).contains("Nothing was ended", "In Error: web-01", "Retry it");
        long retry = as.call("acme-admin", () -> operations.retry(web.id()));
        assertThat(awaitFinished(retry).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> as.call("acme-admin", () -> drills.find(drillId)).orElseThrow(),
                d -> d.state() == DrillState.ENDED).reportSha256()).isNotNull();
    }

    /**
     * One VM's worker breaks outside its own handling (its drill row is gone) while another VM still starts, held by a
     * provider vCenter that hangs. The run used to throw at once: the task failed and the VM still starting was put in
     * Error while its worker went on powering it on. Now the run waits for every VM before it fails the rest.
     */
    @Test
    void a_drill_start_that_breaks_for_one_vm_waits_for_the_vm_still_starting() throws Exception {
        List<ReplicaRow> pair = Stream.of(replica("acme-admin", "web-01"), replica("acme-admin", "app-01"))
                .sorted(Comparator.comparingLong(ReplicaRow::id)).toList();
        ReplicaRow broken = pair.get(0); // the first the run waits for
        ReplicaRow starting = pair.get(1);
        long drillId;
        long taskId;
        try {
            scheduler.standby();
            drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(pair.stream().map(r ->
                    new DrillRequest.VmChoice(r.id(), restorePoints("acme-admin", r).get(0).id())).toList(), Duration.ofHours(1))));
            taskId = as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId();
            jdbc.update("update drill_vm set replica_id = -replica_id where replica_id = ?", broken.id()); // hidden until the hang is seen
            sites.providerSimulator().freeze();
            scheduler.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> as.call("provider", () -> tasks.find(taskId)).orElseThrow().state().isFinished()
                    || logOf(taskId).stream().anyMatch(line -> line.message().startsWith("Your provider's vCenter has not answered since ")));
            assertThat(as.call("provider", () -> tasks.find(taskId)).orElseThrow().state()).as("the run waits for the VM still starting")
                    .isEqualTo(TaskState.RUNNING);
            assertThat(replica("acme-admin", starting.vmName()).state()).isEqualTo(ReplicaState.DRILL_STARTING);
        } finally {
            jdbc.update("update drill_vm set replica_id = -replica_id where replica_id = ?", -broken.id());
            sites.providerSimulator().thaw();
            if (scheduler.isInStandbyMode()) {
                scheduler.start();
            }
        }
        assertThat(awaitFinished(taskId).state()).isEqualTo(TaskState.PARTIALLY_FAILED);
        assertThat(replica("acme-admin", starting.vmName()).state()).isEqualTo(ReplicaState.IN_DRILL);
        assertThat(replica("acme-admin", broken.vmName()).state()).isEqualTo(ReplicaState.ERROR);
        assertThat(as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().state())
                .as("marked started though the run broke off, so its VM in the drill can be ended").isEqualTo(DrillState.RUNNING);

        long cleanUp = as.call("acme-admin", () -> operations.retry(broken.id()));
        assertThat(awaitFinished(cleanUp).state()).isEqualTo(TaskState.SUCCEEDED);
        long endTask = as.call("acme-admin", () -> drills.end(drillId));
        assertThat(awaitFinished(endTask).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(pair).allSatisfy(r -> assertThat(replica("acme-admin", r.vmName()).state()).isEqualTo(ReplicaState.READY));
    }

    /**
     * A drill whose start broke off before that run marked it started (as every broken run did before) stayed Starting:
     * its end was refused and its time limit tried again every 30 s for good. Once its start task ended with no VM still
     * starting, it is ended like a running drill. Staged by setting a started drill back to Starting.
     */
    @Test
    void a_drill_left_starting_by_a_broken_start_can_be_ended() {
        ReplicaRow web = replica("acme-admin", "web-02");
        long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(web.id(), restorePoints("acme-admin", web).get(0).id())), Duration.ofHours(1))));
        awaitFinished(as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId());
        jdbc.update("update drill set state = 'STARTING' where id = ?", drillId); // as a start broken before the fix left it

        long endTask = as.call("acme-admin", () -> drills.end(drillId));

        assertThat(awaitFinished(endTask).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(replica("acme-admin", "web-02").state()).isEqualTo(ReplicaState.READY);
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> as.call("acme-admin", () -> drills.find(drillId)).orElseThrow(),
                d -> d.state() == DrillState.ENDED).reportSha256()).isNotNull();
    }

    /**
     * A drill left Starting whose VM was cleaned up, and that VM is in a newer drill now: ending the old drill leaves the
     * newer one alone. Before, the old drill's end took the VM (in a drill, as the replica's state says) for its own and
     * ended the newer drill's copy. Staged by setting an ended drill back to Starting, as a start broken before the fix
     * left it.
     */
    @Test
    void ending_a_drill_left_starting_leaves_its_vm_alone_in_a_newer_drill() {
        ReplicaRow web = replica("acme-admin", "web-02");
        long older = startDrillOf(web);
        assertThat(awaitFinished(as.call("acme-admin", () -> drills.end(older))).state()).isEqualTo(TaskState.SUCCEEDED);
        jdbc.update("update drill set state = 'STARTING', end_task_id = null, ended_by = null, ended_at = null, report_sha256 = null where id = ?", older);
        long newer = startDrillOf(web);

        long endOfOlder = as.call("acme-admin", () -> drills.end(older));

        assertThat(awaitFinished(endOfOlder).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> as.call("acme-admin", () -> drills.find(older)).orElseThrow(),
                d -> d.state() == DrillState.ENDED).reportSha256()).isNotNull();
        assertThat(as.call("acme-admin", () -> drills.find(newer)).orElseThrow().state()).isEqualTo(DrillState.RUNNING);
        assertThat(replica("acme-admin", "web-02").state()).isEqualTo(ReplicaState.IN_DRILL);
        assertThat(awaitFinished(as.call("acme-admin", () -> drills.end(newer))).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(replica("acme-admin", "web-02").state()).isEqualTo(ReplicaState.READY);
    }

    private long startDrillOf(ReplicaRow replica) {
        long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(replica.id(), restorePoints("acme-admin", replica).get(0).id())), Duration.ofHours(1))));
        assertThat(awaitFinished(as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId()).state()).isEqualTo(TaskState.SUCCEEDED);
        return drillId;
    }

    /**
     * A marker whose snapshot task outlived the wait was never recorded; the end finds it by its name and reverts to it.
     * Before, it stayed on the VM for good, and the VM was not reverted.
     */
    @Test
    void a_marker_that_was_never_recorded_is_found_by_its_name_and_removed_at_the_end() {
        ReplicaRow mail = replica("acme-admin", "mail-01");
        String vmId = vmId(mail);
        long drillId = as.call("acme-admin", () -> drills.start(new DrillRequest(List.of(
                new DrillRequest.VmChoice(mail.id(), restorePoints("acme-admin", mail).get(0).id())), Duration.ofHours(1))));
        assertThat(awaitFinished(as.call("acme-admin", () -> drills.find(drillId)).orElseThrow().taskId()).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(drillMarkers(vmId)).hasSize(1);
        jdbc.update("update replica_status set marker_snapshot_id = null where replica_id = ?", mail.id());

        assertThat(awaitFinished(as.call("acme-admin", () -> drills.end(drillId))).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(drillMarkers(vmId)).isEmpty();
        assertThat(replica("acme-admin", "mail-01").state()).isEqualTo(ReplicaState.READY);
    }

    private List<String> drillMarkers(String vmId) {
        return provider().findVm(vmId).snapshots().stream().filter(s -> s.name().startsWith(InventoryService.LIFEBOAT_SNAPSHOT_PREFIX + "drill-"))
                .map(SnapshotInfo::id).toList();
    }

    private List<TaskLogEntry> logOf(long taskId) {
        return as.call("acme-admin", () -> tasks.logOf(taskId));
    }

    private String pdfText(String user, long drillId) throws IOException {
        byte[] pdf = as.call(user, () -> reports.reportPdf(drillId));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " "); // table cells wrap
        }
    }

    private ReplicaRow replica(String user, String vmName) {
        return as.call(user, () -> overview.list(new ReplicaFilter(vmName, null), List.of(), 0, 10)).stream()
                .filter(r -> r.vmName().equals(vmName)).findFirst().orElseThrow();
    }

    private List<RestorePointInfo> restorePoints(String user, ReplicaRow replica) {
        return as.call(user, () -> overview.restorePoints(replica.id()));
    }

    private String vmId(ReplicaRow replica) {
        return inventory.replica(replica.tenantId(), replica.id()).orElseThrow().vmId();
    }

    private Hypervisor provider() {
        return connector.connect(inventory.sitesOf(tenancy.findTenantByName("acme").orElseThrow().id()).providerSite());
    }

    private TaskInfo awaitFinished(long taskId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> as.call("provider", () -> tasks.find(taskId)).orElseThrow(), task -> task.state().isFinished());
    }
}

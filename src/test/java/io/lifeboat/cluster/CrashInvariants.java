package io.lifeboat.cluster;

import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.hypervisor.SnapshotInfo;
import io.lifeboat.hypervisor.VmInfo;
import io.lifeboat.inventory.InventoryService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What must hold after every kill, read from the provider's vCenter (the simulator) and the database as they are, not
 * from any node's memory:
 * <ul>
 * <li>no replica of the bench tenant is left in a working state or in Error, and no task is RUNNING;</li>
 * <li>each replica's state matches vCenter: Ready is powered off with no failover marker snapshot; Failed over is
 * powered on, has exactly the marker the database names and its NIC on the tenant's provider port group; Failback
 * ready is powered off and still has its marker (commit removes it);</li>
 * <li>no VM failed over twice: never more than one failover marker snapshot on a replica;</li>
 * <li>no NEA runs without a failed-over VM of its tenant;</li>
 * <li>no operation's Quartz job is left fired after its task ended.</li>
 * </ul>
 */
final class CrashInvariants {

    static final String TENANT = "bench";
    private static final String MARKER = InventoryService.LIFEBOAT_SNAPSHOT_PREFIX + "failover-";
    private static final String NEA_FOLDER = "lifeboat-appliances/" + TENANT;

    /** A bench replica as the database has it. */
    record Vm(long replicaId, String name, String vmId, String state, String marker, String providerPortGroup) {
    }

    private final JdbcTemplate db;
    private final HypervisorConnector connector;
    private final SiteEndpoint providerSite;

    CrashInvariants(JdbcTemplate db, HypervisorConnector connector, SiteEndpoint providerSite) {
        this.db = db;
        this.connector = connector;
        this.providerSite = providerSite;
    }

    List<Vm> benchVms() {
        return db.query("""
                select r.id, r.vm_name, r.vm_id, coalesce(s.state, 'READY') as state, s.marker_snapshot_id, n.provider_port_group
                from replica r join tenant t on t.id = r.tenant_id
                left join replica_status s on s.replica_id = r.id
                left join tenant_network n on n.id = r.network_id
                where t.name = ? order by r.vm_name""",
                (rs, i) -> new Vm(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)), TENANT);
    }

    long latestRestorePoint(long replicaId) {
        return db.queryForObject("select id from restore_point where replica_id = ? order by created_at desc limit 1", Long.class, replicaId);
    }

    /** The Quartz instance executing the operation's job for the task, or null. */
    String instanceRunning(String jobName, long taskId) {
        return db.query("select instance_name from qrtz_fired_triggers where job_group = 'failover' and job_name = ? and state = 'EXECUTING'",
                (rs, i) -> rs.getString(1), jobName + "-" + taskId).stream().findFirst().orElse(null);
    }

    /** Whether any fired trigger (executing, acquired or awaiting recovery) is left for the task's job. */
    boolean jobFired(String jobName, long taskId) {
        return db.queryForObject("select count(*) from qrtz_fired_triggers where job_group = 'failover' and job_name = ?", Long.class,
                jobName + "-" + taskId) > 0;
    }

    boolean taskRunning(long taskId) {
        return "RUNNING".equals(db.queryForObject("select state from task where id = ?", String.class, taskId));
    }

    Map<String, Object> taskAndReplica(long taskId, long replicaId) {
        return db.queryForMap("""
                select t.state as task_state, coalesce(s.state, 'READY') as replica_state, s.error_message
                from task t, replica r left join replica_status s on s.replica_id = r.id
                where t.id = ? and r.id = ?""", taskId, replicaId);
    }

    /** Every violation found now, each a sentence naming the VM or task; empty when all hold. */
    List<String> check() {
        List<String> violations = new ArrayList<>();
        db.query("select id, type, title from task where state = 'RUNNING'",
                rs -> {
                    violations.add("task " + rs.getLong(1) + " (" + rs.getString(2) + ", " + rs.getString(3) + ") is still RUNNING");
                });
        db.query("select job_name, instance_name, state from qrtz_fired_triggers where job_group = 'failover'",
                rs -> {
                    violations.add("Quartz job " + rs.getString(1) + " still fired on " + rs.getString(2) + " (" + rs.getString(3) + ")");
                });
        Hypervisor provider = connector.connect(providerSite);
        boolean anyFailedOver = false;
        for (Vm vm : benchVms()) {
            anyFailedOver |= vm.state().equals("FAILED_OVER") || vm.state().startsWith("FAILBACK");
            checkVm(provider, vm, violations);
        }
        checkNeas(provider, anyFailedOver, violations);
        return violations;
    }

    private static void checkVm(Hypervisor provider, Vm vm, List<String> violations) {
        VmInfo info = provider.findVm(vm.vmId());
        List<String> markers = info.snapshots().stream().filter(s -> s.name().startsWith(MARKER)).map(SnapshotInfo::id).toList();
        boolean on = info.powerState() == VmInfo.PowerState.POWERED_ON;
        String seen = vm.name() + " (" + vm.state() + ", " + info.powerState() + ", markers " + markers + ", marker in the database "
                + vm.marker() + ")";
        if (markers.size() > 1) {
            violations.add(seen + ": more than one failover marker, failed over twice");
        }
        switch (vm.state()) {
            case "READY" -> {
                if (on || !markers.isEmpty() || vm.marker() != null) {
                    violations.add(seen + ": Ready must be powered off with no marker");
                }
            }
            case "FAILED_OVER" -> {
                if (!on || !markers.equals(List.of(String.valueOf(vm.marker())))) {
                    violations.add(seen + ": Failed over must be powered on with exactly its recorded marker");
                }
                List<String> nics = provider.nicNetworks(vm.vmId());
                if (!nics.contains(vm.providerPortGroup())) {
                    violations.add(seen + ": Failed over but its NIC is on " + nics + ", not " + vm.providerPortGroup());
                }
            }
            case "FAILBACK_READY" -> {
                if (on || !markers.equals(List.of(String.valueOf(vm.marker())))) {
                    violations.add(seen + ": Failback ready must be powered off and keep its recorded marker");
                }
            }
            default -> violations.add(seen + ": left in " + vm.state() + " after the operation ended");
        }
    }

    private static void checkNeas(Hypervisor provider, boolean anyFailedOver, List<String> violations) {
        List<VmInfo> neas;
        try {
            neas = provider.listVms(NEA_FOLDER);
        } catch (HypervisorException e) {
            if (e.kind() != HypervisorException.Kind.NOT_FOUND) {
                throw e;
            }
            neas = List.of();
        }
        if (!anyFailedOver) {
            neas.stream().filter(n -> n.powerState() == VmInfo.PowerState.POWERED_ON)
                    .forEach(n -> violations.add("NEA " + n.name() + " runs although no VM of " + TENANT + " is failed over"));
        }
    }
}

package io.lifeboat.network;

import io.lifeboat.tasks.Figure;
import io.lifeboat.tasks.TaskRecorder;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Logs, in a failback or undo task, how soon a VM's IP answered at the tenant site again: the first reply with TTL 64
 * from a host on the tenant LAN (the VM itself, not the replica through the tunnel), timed from its power-on or from
 * the IP's release. Nothing is logged without a data plane.
 */
@Component
public class BackAtSiteReport {

    private final NetworkExtensionService extensions;
    private final TaskRecorder tasks;

    BackAtSiteReport(NetworkExtensionService extensions, TaskRecorder tasks) {
        this.extensions = extensions;
        this.tasks = tasks;
    }

    /**
     * Waits (up to the reachability wait) for {@code ip}'s first local reply and logs it.
     *
     * @param sinceNanos {@link System#nanoTime()} of the moment timed from
     * @param since      that moment in words, e.g. "after power-on"
     */
    public void report(long taskId, long tenantId, Long networkId, String vmName, String ip, long sinceNanos, String since) {
        if (networkId == null || extensions.unavailableReason() != null) {
            return;
        }
        Optional<Duration> answered = extensions.timeToReachableAtSite(tenantId, networkId, ip);
        if (answered.isEmpty()) {
            tasks.warn(taskId, vmName, ip + " did not answer at your site yet (no reply with TTL 64 from your LAN): check that the VM's "
                    + "guest is up and its NIC connected.");
            return;
        }
        long millis = (System.nanoTime() - sinceNanos) / 1_000_000;
        tasks.info(taskId, vmName, "Reachable at your site after " + millis + " ms (TTL 64), " + since + ".");
        tasks.figure(taskId, vmName, Figure.BACK_AT_SITE_MS, millis);
    }
}

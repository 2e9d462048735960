package io.lifeboat.replica;

import io.lifeboat.hypervisor.CallsUnderWay;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.TenantSites;
import io.lifeboat.shared.DaemonThreads;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.ui.Formats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * While an operation runs, says in its task when a vCenter of its tenant has left a call unanswered for a while. A step
 * waits for each call up to the call's read timeout (two minutes): with the provider's vCenter stopped, a failback and
 * a drill showed "Starting…" all that time without a word.
 */
@Component
class HungSiteNotices implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HungSiteNotices.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final CallsUnderWay calls;
    private final InventoryService inventory;
    private final ReplicaTransitions states;
    private final TaskRecorder tasks;
    private final Duration noticeAfter;
    private final ScheduledExecutorService checks = DaemonThreads.scheduler("hung-site-notices");

    HungSiteNotices(CallsUnderWay calls, InventoryService inventory, ReplicaTransitions states, TaskRecorder tasks,
                    @Value("${lifeboat.vsphere.unanswered-call-notice:PT10S}") Duration noticeAfter) {
        this.calls = calls;
        this.inventory = inventory;
        this.states = states;
        this.tasks = tasks;
        this.noticeAfter = noticeAfter;
    }

    /** Ends a watch; closing it twice is harmless. */
    @FunctionalInterface
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Watches the vCenters of the task's tenant until the watch is closed. Nothing is read on the caller's thread: a
     * failover's first step is not held for it.
     */
    Watch watch(long taskId) {
        TaskWatch watch = new TaskWatch(taskId);
        ScheduledFuture<?> checking = checks.scheduleWithFixedDelay(watch::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return () -> checking.cancel(false);
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
    }

    /** One of the tenant's vCenters, as its task names it, and whether the task was told that it hangs. */
    private static final class WatchedSite {
        private final String name;
        private final String url;
        private boolean toldOf;

        WatchedSite(String name, String url) {
            this.name = name;
            this.url = url;
        }
    }

    private final class TaskWatch {
        private final long taskId;
        private List<WatchedSite> sites;

        TaskWatch(long taskId) {
            this.taskId = taskId;
        }

        void check() {
            try {
                Map<String, CallsUnderWay.Call> hanging = calls.unansweredFor(noticeAfter);
                if (hanging.isEmpty() && sites == null) {
                    return;   // the sites are looked up only once some site hangs: most operations never read them
                }
                for (WatchedSite site : sites()) {
                    tell(site, hanging.get(site.url));
                }
            } catch (RuntimeException e) {
                log.warn("Task {}: cannot tell whether its vCenters answer", taskId, e);
            }
        }

        private List<WatchedSite> sites() {
            if (sites == null) {
                sites = new ArrayList<>();
                Optional<Long> tenantId = states.ofTask(taskId).stream().map(ReplicaStatus::getTenantId).findFirst();
                tenantId.map(inventory::sitesOf).ifPresent(this::watch);
            }
            return sites;
        }

        private void watch(TenantSites tenantSites) {
            sites.add(new WatchedSite("Your provider's vCenter", tenantSites.providerSite().url()));
            if (!tenantSites.tenantSite().url().equals(tenantSites.providerSite().url())) {
                sites.add(new WatchedSite("Your vCenter", tenantSites.tenantSite().url()));
            }
        }

        /**
         * Tells of a hang once, since the site's oldest unanswered call (which may be another task's: the site hangs,
         * whatever this task asked of it); its end shows as the task's next step. A later hang is told again.
         */
        private void tell(WatchedSite site, CallsUnderWay.Call unanswered) {
            if (unanswered != null && !site.toldOf) {
                tasks.warn(taskId, null, site.name + " has not answered since " + Formats.time(unanswered.since())
                        + ". A step of this task that needs it waits until it answers; a call it leaves unanswered until its time limit"
                        + " fails the step, which then says what to do.");
            }
            site.toldOf = unanswered != null;
        }
    }
}

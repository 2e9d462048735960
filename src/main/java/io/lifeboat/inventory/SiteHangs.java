package io.lifeboat.inventory;

import io.lifeboat.hypervisor.CallsUnderWay;
import io.lifeboat.shared.DaemonThreads;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Records a site as failing once a call there has gone unanswered for a while (10 s), not at the call's read timeout
 * (two minutes): with a vCenter stopped, the Sites page said "working, checked 1 min ago" meanwhile, and the provider's
 * dashboard, webhooks and the failover's pre-flight knew no better. Once no call there waits that long any more, the site
 * is checked again with one brief read and recorded as it answers.
 */
@Component
class SiteHangs implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SiteHangs.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(2);

    private final CallsUnderWay calls;
    private final SiteRepository sites;
    private final SiteContacts contacts;
    private final InventoryService inventory;
    private final Duration unansweredFor;
    private final ScheduledExecutorService checks = DaemonThreads.scheduler("site-hangs");
    /** Site URLs recorded as failing here for a hang; touched by the one thread of {@code checks} only. */
    private final Set<String> recordedHanging = new HashSet<>();

    SiteHangs(CallsUnderWay calls, SiteRepository sites, SiteContacts contacts, InventoryService inventory,
              @Value("${lifeboat.vsphere.unanswered-call-notice:PT10S}") Duration unansweredFor) {
        this.calls = calls;
        this.sites = sites;
        this.contacts = contacts;
        this.inventory = inventory;
        this.unansweredFor = unansweredFor;
        checks.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
    }

    void check() {
        try {
            Map<String, CallsUnderWay.Call> hanging = calls.unansweredFor(unansweredFor);
            hanging.forEach((url, call) -> {
                if (recordedHanging.add(url)) {
                    recordHang(url, call);
                }
            });
            for (Iterator<String> recorded = recordedHanging.iterator(); recorded.hasNext(); ) {
                String url = recorded.next();
                if (!hanging.containsKey(url)) {
                    recorded.remove();
                    sites.findByUrl(url).forEach(inventory::checkBriefly);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Cannot tell whether the sites' vCenters hang", e);
        }
    }

    private void recordHang(String url, CallsUnderWay.Call call) {
        String why = "vCenter at " + url + " has not answered a call for " + unansweredFor.toSeconds() + " s (" + call.what() + ").";
        log.warn("{} The site is recorded as failing until it answers.", why);
        sites.findByUrl(url).forEach(site -> contacts.failed(site.getId(), why));
    }
}

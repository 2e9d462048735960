package io.lifeboat.replica.ui;

import com.vaadin.flow.component.html.Paragraph;
import io.lifeboat.inventory.PlacedSitesHealth;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.ui.Formats;
import java.util.ArrayList;
import java.util.List;

/**
 * What a failing site means for the tenant, in a disaster, on the replica list and on a replica's page: its own vCenter
 * down is expected, and a network whose tenant NEA runs still fails over; the provider's down is the provider's to fix
 * (its address and error are the provider's, not shown here).
 */
final class SiteWarnings {

    private SiteWarnings() {
    }

    /** The current tenant's warnings now; none before it has sites. */
    static List<String> of(ReplicaOverviewService overview) {
        return overview.sitesHealth().map(SiteWarnings::of).orElse(List.of());
    }

    static List<String> of(PlacedSitesHealth health) {
        List<String> warnings = new ArrayList<>();
        if (health.providerSite().failing()) {
            warnings.add("Lifeboat has not reached your provider's vCenter since " + Formats.time(health.providerSite().failingSince())
                    + ". Replicas are shown as it last reported them; a failover, test failover, undo or failback cannot start until it answers."
                    + " Your provider sees this on their dashboard.");
        }
        if (health.tenantSite().failing()) {
            warnings.add("Lifeboat has not reached your site's vCenter since " + Formats.time(health.tenantSite().failingSince()) + ": "
                    + health.tenantSite().error() + " If your site is down, this is expected: fail over the VMs you need, their replicas"
                    + " run at the provider. A network whose tenant NEA runs (kept running, or started moments ago) fails over without"
                    + " your vCenter; the checks before a failover say which cannot until it answers. Your original VMs' power states"
                    + " show as unknown meanwhile.");
        }
        return warnings;
    }

    static Paragraph line(String warning) {
        Paragraph line = new Paragraph(warning);
        line.addClassName("lb-blocker");
        line.addClassName("lb-site-warning");
        return line;
    }
}

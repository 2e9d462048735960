package io.lifeboat.inventory.ui;

import io.lifeboat.inventory.SiteContact;
import io.lifeboat.inventory.SiteSummary;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.Notices;
import java.util.Collection;
import java.util.List;

/**
 * The sites whose vCenter fails its checks, one line each: since when, the last error, and that Lifeboat keeps checking.
 * On the Sites page and the provider dashboard, where a provider looks first.
 */
public class SiteProblems extends Notices {

    public SiteProblems(String id) {
        super(id);
    }

    /** Shows the failing sites among {@code sites}, leaving out those named in {@code explainedElsewhere}. */
    public void show(List<SiteSummary> sites, Collection<String> explainedElsewhere) {
        showLines(sites.stream().filter(site -> site.contact().failing() && !explainedElsewhere.contains(site.name()))
                .map(SiteProblems::failure).toList());
    }

    /** What failed, since when, and what Lifeboat does about it. */
    public static String failure(SiteSummary site) {
        SiteContact contact = site.contact();
        return "Site " + site.name() + " has failed every check since " + Formats.time(contact.failingSince()) + " (the last at "
                + Formats.time(contact.checkedAt()) + "): " + contact.error() + " Lifeboat checks it again every minute."
                + (site.tenantsPlaced() == 0 ? "" : site.tenantsPlaced() == 1 ? " 1 tenant uses it." : " " + site.tenantsPlaced() + " tenants use it.");
    }
}

package io.lifeboat.administration.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.inventory.SiteContact;
import io.lifeboat.inventory.SiteSummary;
import io.lifeboat.ui.Formats;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the Sites page says of a site's vCenter from its last check. */
class SitesViewTest {

    private static final Instant CHECKED = Instant.parse("2026-12-04T22:10:00Z");
    private static final Instant SINCE = Instant.parse("2026-12-04T22:04:00Z");

    @Test
    void a_site_is_working_failing_not_checked_or_stopped() {
        assertThat(SitesView.status(site(new SiteContact(CHECKED, null, null), 2), false, CHECKED.plusSeconds(40)))
                .isEqualTo("working, checked 40 s ago");
        assertThat(SitesView.status(site(new SiteContact(null, null, null), 0), false, CHECKED)).isEqualTo("not checked yet");
        SiteSummary failing = site(new SiteContact(CHECKED, SINCE, "Cannot reach the vCenter at http://vc/sdk: Connection refused."), 2);
        assertThat(SitesView.status(failing, false, CHECKED)).isEqualTo("failing since " + Formats.time(SINCE));
        assertThat(SitesView.status(failing, true, CHECKED)).as("a changed certificate says more above the grid").isEqualTo("stopped");
    }

    private static SiteSummary site(SiteContact contact, long tenants) {
        return new SiteSummary(1, "vc-1", "http://vc/sdk", "u", null, false, false, null, null, tenants, contact);
    }
}

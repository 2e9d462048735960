package io.lifeboat.inventory.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.inventory.SiteContact;
import io.lifeboat.inventory.SiteSummary;
import io.lifeboat.ui.Formats;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the Sites page and the provider dashboard say of a site whose vCenter fails its checks. */
class SiteProblemsTest {

    private static final Instant CHECKED = Instant.parse("2026-12-04T22:10:00Z");
    private static final Instant SINCE = Instant.parse("2026-12-04T22:04:00Z");
    private static final String ERROR = "Cannot reach vSphere at http://vc/sdk: connection refused. Check that the vCenter is running and the URL is right.";

    @Test
    void a_failing_site_says_since_when_the_last_error_and_that_lifeboat_keeps_checking() {
        assertThat(SiteProblems.failure(site("vc-1", new SiteContact(CHECKED, SINCE, ERROR), 2))).isEqualTo("Site vc-1 has failed every check since "
                + Formats.time(SINCE) + " (the last at " + Formats.time(CHECKED) + "): " + ERROR + " Lifeboat checks it again every minute."
                + " 2 tenants use it.");
        assertThat(SiteProblems.failure(site("vc-1", new SiteContact(CHECKED, SINCE, ERROR), 0))).endsWith("Lifeboat checks it again every minute.");
        assertThat(SiteProblems.failure(site("vc-1", new SiteContact(CHECKED, SINCE, ERROR), 1))).endsWith("Lifeboat checks it again every minute. 1 tenant uses it.");
    }

    @Test
    void only_failing_sites_are_listed_and_those_explained_elsewhere_are_left_out() {
        SiteProblems problems = new SiteProblems("site-problems");
        problems.show(List.of(site("working", new SiteContact(CHECKED, null, null), 1), site("unchecked", new SiteContact(null, null, null), 0),
                site("failing", new SiteContact(CHECKED, SINCE, ERROR), 1), site("stopped", new SiteContact(CHECKED, SINCE, ERROR), 1)), List.of("stopped"));
        assertThat(problems.getChildren().map(line -> line.getElement().getText()).toList())
                .singleElement().asString().startsWith("Site failing has failed every check since");
        problems.show(List.of(site("working", new SiteContact(CHECKED, null, null), 1)), List.of());
        assertThat(problems.getChildren()).isEmpty();
    }

    private static SiteSummary site(String name, SiteContact contact, long tenants) {
        return new SiteSummary(1, name, "http://vc/sdk", "u", null, false, false, null, null, tenants, contact);
    }
}

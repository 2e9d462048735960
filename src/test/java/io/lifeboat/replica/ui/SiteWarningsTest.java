package io.lifeboat.replica.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.inventory.PlacedSitesHealth;
import io.lifeboat.inventory.SiteContact;
import io.lifeboat.ui.Formats;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the replica pages tell a tenant while one of its sites fails its checks. */
class SiteWarningsTest {

    private static final Instant CHECKED = Instant.parse("2026-12-04T22:10:00Z");
    private static final Instant SINCE = Instant.parse("2026-12-04T22:04:00Z");
    private static final SiteContact WORKING = new SiteContact(CHECKED, null, null);
    private static final String PROVIDER_ERROR = "Cannot reach vSphere at https://vc.provider.internal/sdk: connection refused.";

    @Test
    void nothing_is_said_while_both_sites_work() {
        assertThat(SiteWarnings.of(new PlacedSitesHealth(WORKING, WORKING))).isEmpty();
        assertThat(SiteWarnings.of(new PlacedSitesHealth(WORKING, new SiteContact(null, null, null)))).isEmpty();
    }

    @Test
    void the_tenants_own_site_down_is_expected_in_a_disaster_and_says_which_networks_fail_over_without_it() {
        SiteContact down = new SiteContact(CHECKED, SINCE, "Cannot reach vSphere at http://vc.acme/sdk: connection refused.");
        assertThat(SiteWarnings.of(new PlacedSitesHealth(WORKING, down))).containsExactly("Lifeboat has not reached your site's vCenter since "
                + Formats.time(SINCE) + ": Cannot reach vSphere at http://vc.acme/sdk: connection refused. If your site is down, this is expected:"
                + " fail over the VMs you need, their replicas run at the provider. A network whose tenant NEA runs (kept running, or started"
                + " moments ago) fails over without your vCenter; the checks before a failover say which cannot until it answers. Your"
                + " original VMs' power states show as unknown meanwhile.");
    }

    @Test
    void the_providers_site_down_is_said_without_the_providers_address_or_error() {
        SiteContact down = new SiteContact(CHECKED, SINCE, PROVIDER_ERROR);
        assertThat(SiteWarnings.of(new PlacedSitesHealth(down, WORKING))).singleElement().asString()
                .startsWith("Lifeboat has not reached your provider's vCenter since " + Formats.time(SINCE) + ".")
                .contains("a failover, test failover, undo or failback cannot start until it answers").doesNotContain("vc.provider.internal");
    }
}

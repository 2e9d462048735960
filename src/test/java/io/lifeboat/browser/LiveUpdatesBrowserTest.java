package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions;
import io.lifeboat.AsUser;
import io.lifeboat.LabReset;
import io.lifeboat.LabTest;
import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.lab.LabSites;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Pages that stay open while someone else works: the provider's dashboard follows a tenant's failovers and undos, round
 * after round, without a reload. Each failover and undo sends dozens of pushes (task progress, replica states); a page
 * that stops listening half-way shows a stale list, which is what a provider would trust in an emergency.
 */
@LabTest
class LiveUpdatesBrowserTest {

    private static final HasCountOptions LIVE = new HasCountOptions().setTimeout(30_000);

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired AsUser as;
    @Autowired LabReset lab;
    @Autowired ReplicaOverviewService overview;
    @Autowired FailoverService failover;
    @Autowired LabSites sites;

    @Test
    void the_open_provider_dashboard_shows_a_tenants_failover_and_its_undo_without_a_reload() {
        ReplicaRow mail = replica("mail-01");
        long pointId = as.call("acme-admin", () -> overview.restorePoints(mail.id())).get(0).id();
        PortalPage provider = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("provider", "provider");
        provider.page().navigate("/provider");
        for (int round = 1; round <= 3; round++) {
            assertThat(provider.gridCell("in-failover-grid", "mail-01")).hasCount(0, LIVE);
            as.call("acme-admin", () -> failover.startFailover(new FailoverRequest(List.of(new FailoverRequest.VmChoice(mail.id(), pointId)), true)));
            assertThat(provider.gridCell("in-failover-grid", "mail-01")).hasCount(1, LIVE);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> replica("mail-01").state() == ReplicaState.FAILED_OVER);
            as.run("acme-admin", () -> failover.undoFailover(mail.id()));
        }
        assertThat(provider.gridCell("in-failover-grid", "mail-01")).hasCount(0, LIVE);
    }

    /**
     * Sync now reads both vCenters; one that hangs answers only at the read timeout (two minutes). Read in the click,
     * that held the user's whole session: no page of theirs answered meanwhile, a failover's progress included.
     */
    @Test
    void sync_now_while_the_tenants_vcenter_hangs_leaves_the_session_answering() {
        PortalPage acme = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("acme-admin", "acme");
        sites.tenantSimulator().freeze();
        try {
            acme.page().locator("#sync-now").click();
            acme.page().locator("#options-web-01").click();
            assertThat(acme.page().locator("#replica-title")).hasText("web-01", new LocatorAssertions.HasTextOptions().setTimeout(15_000));
        } finally {
            sites.tenantSimulator().thaw();
        }
    }

    @AfterEach
    void restoreTheLab() {
        lab.acmeAsSeeded();
    }

    private ReplicaRow replica(String vmName) {
        return as.call("acme-admin", () -> overview.list(new ReplicaFilter(vmName, null), List.of(), 0, 10)).get(0);
    }
}

package io.lifeboat.administration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Page;
import io.lifeboat.AsUser;
import io.lifeboat.browser.Chromium;
import io.lifeboat.browser.PortalPage;
import io.lifeboat.inventory.SiteForm;
import io.lifeboat.inventory.SiteService;
import io.lifeboat.inventory.SiteSummary;
import io.lifeboat.network.NetworkForm;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.Role;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * What {@code lifeboat.setup.*} declares, set here as real configuration and applied at start: shown in the portal as
 * managed by configuration and refused there (site, tenant, its networks), and applied again at the next start without
 * change. The vCenter it names is not reachable: nothing here needs it, which is also what a refusal must not depend on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.quartz.scheduler-name=lifeboat-configuration-setup-test",
        "lifeboat.setup.sites.cfg-vc.url=http://127.0.0.1:9/sdk",
        "lifeboat.setup.sites.cfg-vc.username=lifeboat",
        "lifeboat.setup.sites.cfg-vc.password=secret",
        "lifeboat.setup.tenants.umbrella.display-name=Umbrella Corp.",
        "lifeboat.setup.tenants.umbrella.quota-cpus=6",
        "lifeboat.setup.tenants.umbrella.quota-memory-mb=12288",
        "lifeboat.setup.tenants.umbrella.tenant-site=cfg-vc",
        "lifeboat.setup.tenants.umbrella.tenant-folder=production/umbrella",
        "lifeboat.setup.tenants.umbrella.provider-site=cfg-vc",
        "lifeboat.setup.tenants.umbrella.provider-folder=tenants/umbrella",
        "lifeboat.setup.tenants.umbrella.networks.LAN.subnet=10.66.0.0/24",
        "lifeboat.setup.tenants.umbrella.networks.LAN.gateway=10.66.0.1",
        "lifeboat.setup.tenants.umbrella.networks.LAN.vlan=3066",
        "lifeboat.setup.tenants.umbrella.networks.LAN.provider-port-group=tenant.umbrella.vlan3066"})
@ActiveProfiles("test")
@DirtiesContext
class ConfigurationManagedSetupTest {

    private static final String ADMIN = "cfg-admin";
    private static final String PASSWORD = "configuration rules the day";

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired AsUser as;
    @Autowired TenancyService tenancy;
    @Autowired SiteService sites;
    @Autowired TenantAdministrationService tenants;
    @Autowired ApplicationContext context;

    @Test
    void what_configuration_declares_is_shown_read_only_refused_in_the_portal_and_applied_again_unchanged() throws Exception {
        tenancy.ensureLocalAccount(ADMIN, PASSWORD, Role.PROVIDER_ADMIN, null);
        SiteSummary site = as.call(ADMIN, sites::listSites).stream().filter(s -> s.name().equals("cfg-vc")).findFirst().orElseThrow();
        assertThat(site.managedByConfiguration()).isTrue();
        TenantSummary umbrella = tenancy.findTenantByName("umbrella").orElseThrow();
        assertThat(umbrella.managedByConfiguration()).isTrue();
        assertThat(umbrella.plan().cpus()).isEqualTo(6);
        TenantDetails details = as.call(ADMIN, () -> tenants.tenant(umbrella.id()));
        TenantNetworkInfo lan = details.networks().stream().filter(n -> n.name().equals("LAN")).findFirst().orElseThrow();
        assertThat(lan.subnet()).isEqualTo("10.66.0.0/24");

        assertThatThrownBy(() -> as.call(ADMIN, () -> sites.saveSite(new SiteForm("cfg-vc", "http://127.0.0.1:9/sdk", "other", "", null, null, null))))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("managed by configuration");
        assertThatThrownBy(() -> as.run(ADMIN, () -> sites.deleteSite("cfg-vc")))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("managed by configuration");
        assertThatThrownBy(() -> as.call(ADMIN, () -> tenants.save(new TenantForm(umbrella.id(), "umbrella", "Changed", 8, 16384, "cfg-vc",
                "production/umbrella", "cfg-vc", "tenants/umbrella", List.of(new NetworkForm("LAN", "10.66.0.0/24", "10.66.0.1", 3066,
                "tenant.umbrella.vlan3066"))))))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("managed by configuration");
        assertThatThrownBy(() -> as.run(ADMIN, () -> tenants.setEnabled(umbrella.id(), false)))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("managed by configuration");
        assertThatThrownBy(() -> as.run(ADMIN, () -> tenants.removeNetwork(umbrella.id(), lan.id())))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("managed by configuration");

        Page page = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn(ADMIN, PASSWORD).page();
        page.navigate("/admin/tenants");
        new PortalPage(page).gridCell("tenants-admin-grid", "Umbrella Corp.").click();
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#tenant-managed")).containsText("Managed by configuration");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#save-tenant")).isDisabled();
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#network-0-subnet input")).hasAttribute("readonly", "");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#network-0-remove")).isHidden();
        page.navigate("/admin/sites");
        new PortalPage(page).gridCell("site-grid", "cfg-vc").click();
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#site-certificate")).containsText("Managed by configuration");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("#save-site")).isDisabled();

        ApplicationArguments noArguments = new DefaultApplicationArguments();
        for (ApplicationRunner runner : context.getBeansOfType(ApplicationRunner.class).values()) {
            if (runner.getClass().getSimpleName().startsWith("ProviderSetup")) {
                runner.run(noArguments); // the next start
            }
        }
        assertThat(tenancy.listTenants()).filteredOn(t -> t.name().equals("umbrella")).singleElement()
                .satisfies(t -> assertThat(t.displayName()).isEqualTo("Umbrella Corp."));
        assertThat(as.call(ADMIN, () -> tenants.tenant(umbrella.id())).networks()).extracting(TenantNetworkInfo::subnet).containsExactly("10.66.0.0/24");
    }
}

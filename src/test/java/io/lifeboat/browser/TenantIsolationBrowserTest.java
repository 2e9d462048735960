package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tenancy.TenancyService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tenant isolation by URL, as a curious user of one tenant would try it: another tenant's replica and task by id, and
 * the provider's administration pages. Each answers "not found" or refuses, and no page shows the other tenant's names.
 */
@LabTest
class TenantIsolationBrowserTest {

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired AsUser as;
    @Autowired ReplicaOverviewService overview;
    @Autowired TenancyService tenancy;
    @Autowired TaskRecorder tasks;

    @Test
    void a_user_of_one_tenant_gets_nothing_of_another_tenant_or_of_the_provider_by_url() {
        ReplicaRow globexReplica = as.call("globex-admin", () -> overview.list(new ReplicaFilter("erp-01", null), List.of(), 0, 10)).get(0);
        long globex = tenancy.findTenantByName("globex").orElseThrow().id();
        long globexTask = tasks.start(TaskType.INVENTORY_SYNC, globex, "Isolation probe of erp-01", "globex-admin");
        tasks.finish(globexTask, TaskState.SUCCEEDED, "probe");

        for (String[] user : new String[][]{{"acme-admin", "acme"}, {"acme-viewer", "acme"}}) {
            PortalPage acme = new PortalPage(chromium.newPage(baseUrl())).logIn(user[0], user[1]);
            Page page = acme.page();

            page.navigate("/replica/" + globexReplica.id());
            assertThat(page.locator("#replica-not-found")).isVisible();
            assertThat(page.locator("#replica-title")).hasCount(0);
            assertThat(page.locator("body")).not().containsText("erp-01");

            page.navigate("/tasks/" + globexTask);
            assertThat(page.locator("#task-details")).containsText("There is no task #" + globexTask);
            assertThat(page.locator("body")).not().containsText("Isolation probe");

            for (String adminPage : List.of("/admin/sites", "/admin/tenants", "/admin/gateways", "/provider")) {
                page.navigate(adminPage);
                assertThat(page.locator("#not-found")).isVisible(); // as for a page that does not exist: nothing to learn
                assertThat(page.locator("#site-grid, #tenants-admin-grid, #tenant-grid")).hasCount(0);
                assertThat(page.locator("body")).not().containsText("Globex");
                assertThat(page.locator("body")).not().containsText("lab-provider-site");
            }

            page.navigate("/users");
            if (user[0].equals("acme-admin")) {
                assertThat(acme.gridCell("user-grid", "acme-viewer")).isVisible(); // the operator manages acme's accounts
                assertThat(acme.gridCell("user-grid", "globex-admin")).hasCount(0);
                assertThat(acme.gridCell("user-grid", "provider")).hasCount(0);
                assertThat(page.locator("#new-tenant")).isHidden(); // always their own tenant
            } else {
                assertThat(page.locator("#user-grid")).hasCount(0); // a viewer manages nobody
            }
            assertThat(page.locator("body")).not().containsText("globex");
            acme.screenshot("isolation-" + user[0]);
        }
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }
}

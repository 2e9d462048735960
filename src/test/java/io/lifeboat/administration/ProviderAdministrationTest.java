package io.lifeboat.administration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.audit.AuditLog;
import io.lifeboat.inventory.ConnectionCheck;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.SiteContact;
import io.lifeboat.inventory.SiteForm;
import io.lifeboat.inventory.SiteService;
import io.lifeboat.lab.LabBootstrap;
import io.lifeboat.lab.LabPlan;
import io.lifeboat.lab.LabSites;
import io.lifeboat.network.NetworkForm;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.tasks.TaskFilter;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskType;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.tenancy.NewUser;
import io.lifeboat.tenancy.Role;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import io.lifeboat.tenancy.UserAdministrationService;
import io.lifeboat.tenancy.UserRow;
import io.lifeboat.vcsim.SimulatorProcess;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.SiteEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Provider administration against the lab's real simulators: a site over HTTPS with its certificate pinned (and a
 * replaced certificate stopping it until trusted again), tenants validated against the sites' inventory with nothing
 * saved half, accounts managed by the provider and by a tenant's own operator only, every change in the task log.
 */
@LabTest
class ProviderAdministrationTest {

    @Autowired AsUser as;
    @Autowired SiteService sites;
    @Autowired TenantAdministrationService tenants;
    @Autowired TenancyService tenancy;
    @Autowired UserAdministrationService users;
    @Autowired TaskService tasks;
    @Autowired LabSites lab;
    @Autowired LabPlan plan;
    @Autowired HypervisorConnector connector;
    @Autowired TenantNetworkService networks;
    @Autowired AuditLog audit;
    @Autowired InventoryService inventory;

    @Test
    void a_site_over_https_is_saved_with_its_certificate_pinned_and_a_changed_certificate_stops_it_until_trusted_again() {
        SimulatorProcess provider = lab.providerSimulator();
        SiteForm form = new SiteForm("pinned-vc", provider.tlsEndpoint().url(), provider.tlsEndpoint().username(),
                provider.tlsEndpoint().password(), null, "nea-template", "uplink");
        SimulatorProcess tenant = lab.tenantSimulator();
        SiteForm other = new SiteForm("other-pinned-vc", tenant.tlsEndpoint().url(), tenant.tlsEndpoint().username(),
                tenant.tlsEndpoint().password(), tenant.certificateSha256(), null, null);

        ConnectionCheck check = as.call("provider", () -> sites.testConnection(form));
        assertThat(check.certificateSha256()).isEqualTo(provider.certificateSha256());
        assertThat(check.folders()).isPositive();
        assertThat(check.inventory()).endsWith("networks in datacenter DC0.");
        assertThatThrownBy(() -> as.run("provider", () -> sites.saveSite(form)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("trust the site's certificate");

        as.run("provider", () -> sites.saveSite(withPin(form, check.certificateSha256())));
        as.run("provider", () -> sites.saveSite(other));
        assertThat(as.call("provider", () -> sites.folders("pinned-vc"))).contains("tenants/acme");
        String oldPin = check.certificateSha256();

        provider.renewCertificate();
        assertThat(provider.certificateSha256()).isNotEqualTo(oldPin);
        expectUntrusted(() -> as.call("provider", () -> sites.folders("pinned-vc"))); // the session logged in before
        SiteEndpoint withOldPin = new SiteEndpoint(form.url(), form.username(), form.password(), false, oldPin);
        expectUntrusted(() -> connector.connect(withOldPin).listFolders()); // a login of its own, after the change
        assertThat(as.call("provider", () -> sites.folders("other-pinned-vc"))).isNotEmpty();

        SiteForm edit = new SiteForm("pinned-vc", form.url(), form.username(), "", null, null, null);
        ConnectionCheck again = as.call("provider", () -> sites.testConnection(edit));
        assertThat(again.certificateChanged()).isTrue();
        assertThat(again.certificateSha256()).isEqualTo(provider.certificateSha256());
        // testing the new certificate trusts nothing: the site stays stopped until the provider saves the new pin
        expectUntrusted(() -> as.call("provider", () -> sites.networks("pinned-vc")));
        as.run("provider", () -> sites.saveSite(withPin(edit, again.certificateSha256())));
        assertThat(as.call("provider", () -> sites.networks("pinned-vc"))).contains("tenant.acme.vlan3001");
        assertThat(as.call("provider", () -> sites.folders("other-pinned-vc"))).isNotEmpty();

        as.run("provider", () -> sites.deleteSite("pinned-vc"));
        as.run("provider", () -> sites.deleteSite("other-pinned-vc"));
        assertThat(adminTitles()).contains("Site pinned-vc added", "Site pinned-vc changed", "Site pinned-vc deleted");
        assertThat(as.call("provider", () -> audit.list(0, 100))).filteredOn(row -> row.username().equals("provider"))
                .anyMatch(row -> row.target().equals("Site pinned-vc changed") && row.detail().contains(again.certificateSha256() + " trusted"))
                .anyMatch(row -> row.target().equals("Site pinned-vc deleted"));
    }

    @Test
    void every_sync_records_whether_each_sites_vcenter_works_and_a_failing_one_says_since_when_and_why() {
        SimulatorProcess tenantSite = lab.tenantSimulator();
        SiteEndpoint spare = tenantSite.endpoint();
        as.run("provider", () -> sites.saveSite(new SiteForm("spare-vc", spare.url(), spare.username(), spare.password(), null, null, null)));
        try {
            inventory.syncEverything();
            assertThat(contactOf("spare-vc").checked()).as("a site no tenant uses is checked too").isTrue();
            assertThat(List.of(contactOf(LabBootstrap.PROVIDER_SITE), contactOf(LabBootstrap.TENANT_SITE), contactOf("spare-vc")))
                    .allSatisfy(contact -> assertThat(contact.failing()).as("%s", contact).isFalse());

            SiteContact failing;
            tenantSite.disconnect();
            try {
                inventory.syncEverything();
                failing = contactOf(LabBootstrap.TENANT_SITE);
                inventory.syncEverything();
                SiteContact stillFailing = contactOf(LabBootstrap.TENANT_SITE);
                assertThat(stillFailing.failingSince()).as("an outage counts from its first failed check").isEqualTo(failing.failingSince());
                assertThat(stillFailing.checkedAt()).isAfter(failing.checkedAt());
                assertThat(contactOf("spare-vc").failing()).isTrue();
                assertThat(contactOf(LabBootstrap.PROVIDER_SITE).failing()).as("the other site still works").isFalse();
            } finally {
                tenantSite.reconnect();
            }
            assertThat(failing.error()).contains(spare.url());

            inventory.syncEverything();
            SiteContact back = contactOf(LabBootstrap.TENANT_SITE);
            assertThat(back.failing()).as("%s", back).isFalse();
            assertThat(back.error()).isNull();
        } finally {
            as.run("provider", () -> sites.deleteSite("spare-vc"));
        }
    }

    private SiteContact contactOf(String siteName) {
        return as.call("provider", sites::listSites).stream().filter(site -> site.name().equals(siteName)).findFirst().orElseThrow().contact();
    }

    private static void expectUntrusted(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.kind()).isEqualTo(HypervisorException.Kind.UNTRUSTED))
                .hasMessageContaining("has changed").hasMessageContaining("trust it on the Sites page");
    }

    @Test
    void a_site_that_cannot_be_reached_or_refuses_the_login_is_not_saved_and_the_message_names_the_field() {
        SimulatorProcess provider = lab.providerSimulator();
        String url = provider.tlsEndpoint().url();
        assertThatThrownBy(() -> as.call("provider", () -> sites.testConnection(new SiteForm("bad-vc", "https://127.0.0.1:1/sdk", "u", "p", null, null, null))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("url"))
                .hasMessageContaining("Cannot reach");
        assertThatThrownBy(() -> as.call("provider", () -> sites.testConnection(new SiteForm("bad-vc", url, "lifeboat", "wrong", null, null, null))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("password"))
                .hasMessageContaining("refused the user name or password");
        assertThatThrownBy(() -> as.call("provider", () -> sites.testConnection(new SiteForm("bad-vc", "vc.example", "u", "p", null, null, null))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("url"));
        assertThat(as.call("provider", sites::listSites)).noneMatch(site -> site.name().equals("bad-vc"));
    }

    @Test
    void a_sites_stored_password_is_never_sent_to_a_url_typed_in_since() throws IOException {
        try (ServerSocket elsewhere = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SiteForm moved = new SiteForm(LabBootstrap.PROVIDER_SITE, "http://127.0.0.1:" + elsewhere.getLocalPort() + "/sdk", "lifeboat", "",
                    null, null, null);
            for (ThrowableAssert.ThrowingCallable call : List.<ThrowableAssert.ThrowingCallable>of(
                    () -> as.call("provider", () -> sites.testConnection(moved)), () -> as.call("provider", () -> sites.saveSite(moved)))) {
                assertThatThrownBy(call).isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("password"))
                        .hasMessageContaining("Enter the password again: the URL has changed");
            }
            elsewhere.setSoTimeout(300);
            assertThatThrownBy(elsewhere::accept).as("nothing connected to the new URL").isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    /**
     * A vCenter that accepts the connection and never answers (a socket nobody reads) held the Sites page for the read
     * timeout, two minutes; the test now gives up after a few seconds and says so at the URL.
     */
    @Test
    void a_site_that_never_answers_is_reported_at_its_url_within_seconds() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SiteForm form = new SiteForm("hung-vc", "http://127.0.0.1:" + silent.getLocalPort() + "/sdk", "u", "p", null, null, null);
            long askedNanos = System.nanoTime();
            assertThatThrownBy(() -> as.call("provider", () -> sites.testConnection(form)))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("url"))
                    .hasMessageContaining("has not answered for").hasMessageContaining("logging in");
            assertThat(Duration.ofNanos(System.nanoTime() - askedNanos)).as("not held for the read timeout").isLessThan(Duration.ofSeconds(60));
        }
    }

    @Test
    void a_site_in_use_cannot_be_deleted_and_sites_are_for_the_provider_only() {
        assertThatThrownBy(() -> as.run("provider", () -> sites.deleteSite(LabBootstrap.PROVIDER_SITE)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("in use by");
        assertThatThrownBy(() -> as.call("acme-admin", sites::listSites)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as.call("acme-admin", () -> sites.folders(LabBootstrap.PROVIDER_SITE))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void a_tenant_is_created_with_plan_placement_and_network_and_invalid_input_saves_nothing() {
        LabPlan.LabTenant acme = plan.tenants().get(0);
        NetworkForm lan = new NetworkForm("LAN", "10.20.0.0/24", "10.20.0.1", 3001, acme.providerPortGroup());
        connector.admin(lab.tenantSite()).createFolder("production/initech");
        connector.admin(lab.providerSite()).createFolder("tenants/initech");
        TenantForm form = new TenantForm(null, "initech", "Initech", 8, 16384, LabBootstrap.TENANT_SITE, "production/initech",
                LabBootstrap.PROVIDER_SITE, "tenants/initech", List.of(lan));

        // a sync reads a folder's whole subtree: acme's folders, or one holding them, would make acme's VMs initech's
        expectField(new TenantForm(null, "initech", "Initech", 8, 16384, LabBootstrap.TENANT_SITE, acme.tenantSiteFolder(),
                LabBootstrap.PROVIDER_SITE, "tenants/initech", List.of(lan)), "tenantFolder", "tenant acme");
        expectField(new TenantForm(null, "initech", "Initech", 8, 16384, LabBootstrap.TENANT_SITE, "production/initech",
                LabBootstrap.PROVIDER_SITE, "tenants", List.of(lan)), "providerFolder", "tenant acme");
        expectField(new TenantForm(null, "initech", "Initech", 8, 16384, LabBootstrap.TENANT_SITE, "production/initech",
                LabBootstrap.PROVIDER_SITE, " /tenants/acme/", List.of(lan)), "providerFolder", "tenant acme");
        expectField(new TenantForm(null, "initech-industries", "Initech", 8, 16384, LabBootstrap.TENANT_SITE, "production/initech",
                LabBootstrap.PROVIDER_SITE, "tenants/initech", List.of(lan)), "name", "2-16");

        expectField(withNetwork(form, new NetworkForm("LAN", "10.20.0.0/33", "10.20.0.1", 3001, acme.providerPortGroup())), "network.0.subnet");
        expectField(withNetwork(form, new NetworkForm("LAN", "10.20.0.5/24", "10.20.0.1", 3001, acme.providerPortGroup())), "network.0.subnet");
        expectField(withNetwork(form, new NetworkForm("LAN", "10.20.0.0/24", "10.30.0.1", 3001, acme.providerPortGroup())), "network.0.gateway");
        expectField(withNetwork(form, new NetworkForm("LAN", "10.20.0.0/24", "10.20.0.1", 3001, "no-such-port-group")), "network.0.providerPortGroup");
        expectField(withNetwork(form, new NetworkForm("LAN", "10.20.0.0/24", "10.20.0.1", 3001, acme.providerPortGroup(), acme.providerPortGroup())),
                "network.0.drillPortGroup");
        expectField(withNetwork(form, new NetworkForm("LAN", "10.20.0.0/24", "10.20.0.1", 3001, acme.providerPortGroup(), "no-such-drill-group")),
                "network.0.drillPortGroup");
        // a drill port group is isolated from every production port group, not only from its own network's
        LabPlan.LabTenant globex = plan.tenants().get(1);
        expectField(withNetwork(form, new NetworkForm("LAN", "10.20.0.0/24", "10.20.0.1", 3001, acme.providerPortGroup(), globex.providerPortGroup())),
                "network.0.drillPortGroup", "the provider port group of network 'LAN' of tenant '" + globex.displayName() + "'");
        expectField(new TenantForm(null, "initech", "Initech", 8, 16384, LabBootstrap.TENANT_SITE, "production/initech",
                LabBootstrap.PROVIDER_SITE, "tenants/initech", List.of(new NetworkForm("LAN", "10.20.0.0/24", "10.20.0.1", 3001,
                acme.providerPortGroup(), globex.drillPortGroup()), new NetworkForm("DMZ", "10.20.1.0/24", "10.20.1.1", 3002, globex.drillPortGroup()))),
                "network.0.drillPortGroup", "the provider port group of network 'DMZ' in this form");
        expectField(withNetwork(form, new NetworkForm("LAN", "10.20.0.0/24", "10.20.0.1", 3001, globex.drillPortGroup())),
                "network.0.providerPortGroup", "the isolated drill port group of network 'LAN'");
        expectField(new TenantForm(null, "initech", "Initech", 8, 16384, LabBootstrap.TENANT_SITE, "no/such/folder",
                LabBootstrap.PROVIDER_SITE, "tenants/initech", List.of(lan)), "tenantFolder");
        expectField(new TenantForm(null, "initech", "Initech", 8, 16384, LabBootstrap.TENANT_SITE, "production/initech",
                LabBootstrap.PROVIDER_SITE, "tenants/initech", List.of(lan, new NetworkForm("DMZ", "10.20.0.128/25", "10.20.0.129", 3002,
                acme.providerPortGroup()))), "network.1.subnet");
        expectField(new TenantForm(null, "Initech!", "Initech", 8, 16384, LabBootstrap.TENANT_SITE, "production/initech",
                LabBootstrap.PROVIDER_SITE, "tenants/initech", List.of(lan)), "name");
        // longer than their columns: a message on the field, not an unexpected error from the database
        expectField(new TenantForm(null, "initech", "I".repeat(201), 8, 16384, LabBootstrap.TENANT_SITE, "production/initech",
                LabBootstrap.PROVIDER_SITE, "tenants/initech", List.of(lan)), "displayName", "200 characters");
        expectField(withNetwork(form, new NetworkForm("L".repeat(101), "10.20.0.0/24", "10.20.0.1", 3001, acme.providerPortGroup())),
                "network.0.name", "100 characters");
        assertThatThrownBy(() -> as.call("provider", () -> sites.testConnection(new SiteForm("long-vc", "https://vc.example/" + "x".repeat(490),
                "u", "p", null, null, null)))).isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("url"))
                .hasMessageContaining("500 characters");
        assertThat(tenancy.findTenantByName("initech")).isEmpty(); // the last one failed inside the transaction: rolled back

        // the same subnet as another tenant's is fine: tenants' networks are separate
        TenantSummary created = as.call("provider", () -> tenants.save(withNetwork(form,
                new NetworkForm("LAN", acme.subnet(), acme.gateway(), 3009, acme.providerPortGroup()))));
        TenantDetails details = as.call("provider", () -> tenants.tenant(created.id()));
        assertThat(details.tenant().plan().cpus()).isEqualTo(8);
        assertThat(details.placement().providerFolder()).isEqualTo("tenants/initech");
        assertThat(details.networks()).singleElement().satisfies(n -> assertThat(n.subnet()).isEqualTo(acme.subnet()));
        assertThat(as.call("provider", tenants::tenants)).anyMatch(row -> row.tenant().name().equals("initech"));

        as.run("provider", () -> tenants.setEnabled(created.id(), false));
        assertThat(tenancy.findTenantByName("initech").orElseThrow().enabled()).isFalse();
        as.run("provider", () -> tenants.setEnabled(created.id(), true));
        assertThat(adminTitles()).contains("Tenant initech created", "Tenant initech disabled", "Tenant initech enabled");
        assertThatThrownBy(() -> as.call("acme-admin", tenants::tenants)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void a_network_that_replicas_join_on_failover_cannot_be_removed_and_an_unused_one_can() {
        long acme = tenancy.findTenantByName("acme").orElseThrow().id();
        TenantNetworkInfo lan = as.call("provider", () -> tenants.tenant(acme)).networks().stream()
                .filter(network -> network.subnet().equals(plan.tenants().get(0).subnet())).findFirst().orElseThrow();
        assertThatThrownBy(() -> as.run("provider", () -> tenants.removeNetwork(acme, lan.id())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("in use by 5 replicas").hasMessageContaining("web-01");

        TenantNetworkInfo spare = networks.ensureNetwork(acme, "Spare", "10.55.0.0/24", "10.55.0.1", 3055, plan.tenants().get(0).providerPortGroup(), null);
        assertThatThrownBy(() -> as.run("acme-admin", () -> tenants.removeNetwork(acme, spare.id()))).isInstanceOf(AccessDeniedException.class);
        long globex = tenancy.findTenantByName("globex").orElseThrow().id();
        assertThatThrownBy(() -> as.run("provider", () -> tenants.removeNetwork(globex, spare.id()))) // acme's network, named as globex's
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no such network");
        as.run("provider", () -> tenants.removeNetwork(acme, spare.id()));
        assertThat(networks.networksOf(acme)).extracting(TenantNetworkInfo::name).doesNotContain("Spare").contains(lan.name());
        assertThat(adminTitles()).contains("Network Spare of acme removed");
        assertThat(as.call("provider", () -> audit.list(0, 100))).anyMatch(row -> row.username().equals("provider")
                && row.tenantId() == acme && row.target().equals("Network Spare of acme removed"));
    }

    @Test
    void a_tenant_managed_by_configuration_is_read_only_in_the_portal() {
        TenantSummary managed = as.call("provider", () -> tenancy.createTenant("umbrella", "Umbrella", new io.lifeboat.tenancy.HardwarePlan(2, 2048)));
        tenancy.markManagedByConfiguration(managed.id());
        assertThat(tenancy.findTenant(managed.id()).orElseThrow().managedByConfiguration()).isTrue();
        assertThatThrownBy(() -> as.call("provider", () -> tenancy.updateTenant(managed.id(), "Changed", new io.lifeboat.tenancy.HardwarePlan(4, 4096))))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("managed by configuration");
        assertThatThrownBy(() -> as.run("provider", () -> tenants.setEnabled(managed.id(), false)))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("managed by configuration");
        assertThat(tenancy.findTenant(managed.id()).orElseThrow().displayName()).isEqualTo("Umbrella");
    }

    @Test
    void a_tenant_operator_manages_the_accounts_of_their_own_tenant_only() {
        String token = as.call("acme-admin", () -> users.createUser(new NewUser("acme-ops2", Role.TENANT_OPERATOR, "globex")));
        assertThat(users.passwordLinkOwner(token)).contains("acme-ops2");
        assertThat(as.call("provider", () -> users.user("acme-ops2")).orElseThrow().tenantName()).isEqualTo("acme"); // never globex

        List<UserRow> visible = as.call("acme-admin", users::users);
        assertThat(visible).extracting(UserRow::tenantName).containsOnly("acme");
        assertThat(as.call("acme-admin", () -> users.user("globex-admin"))).isEmpty();
        assertThat(as.call("acme-admin", () -> users.user("provider"))).isEmpty();
        for (Runnable foreign : List.<Runnable>of(
                () -> users.resetPassword("globex-admin"),
                () -> users.setEnabled("globex-viewer", false),
                () -> users.changeRole("globex-viewer", Role.TENANT_OPERATOR),
                () -> users.resetPassword("provider"))) {
            assertThatThrownBy(() -> as.run("acme-admin", foreign)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("no account");
        }
        assertThatThrownBy(() -> as.run("acme-admin", () -> users.createUser(new NewUser("evil-admin", Role.PROVIDER_ADMIN, null))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as.call("acme-viewer", users::users)).isInstanceOf(AccessDeniedException.class);
        assertThat(as.call("globex-admin", () -> users.user("globex-viewer"))).isPresent();
        assertThat(as.call("provider", () -> users.user("globex-viewer")).orElseThrow().enabled()).isTrue();
    }

    @Test
    void a_one_time_password_link_works_once_and_only_with_a_strong_password() {
        String token = as.call("provider", () -> users.createUser(new NewUser("globex-night", Role.TENANT_VIEWER, "globex")));
        assertThatThrownBy(() -> users.setPasswordWithLink(token, "short")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 12");
        assertThatThrownBy(() -> users.setPasswordWithLink(token, "password1234")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("well-known");
        users.setPasswordWithLink(token, "night shift at globex 7");
        assertThat(users.passwordLinkOwner(token)).isEmpty();
        assertThatThrownBy(() -> users.setPasswordWithLink(token, "another long passphrase")).isInstanceOf(AccessDeniedException.class);
        assertThat(as.call("provider", () -> users.user("globex-night")).orElseThrow().passwordSet()).isTrue();
    }

    private List<String> adminTitles() {
        return as.call("provider", () -> tasks.list(new TaskFilter(null, TaskType.ADMINISTRATION, null, null), 0, 500)).stream()
                .map(task -> task.title()).toList();
    }

    private void expectField(TenantForm form, String field) {
        expectField(form, field, "");
    }

    private void expectField(TenantForm form, String field, String messagePart) {
        assertThatThrownBy(() -> as.call("provider", () -> tenants.save(form)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field)).hasMessageContaining(messagePart);
    }

    private static TenantForm withNetwork(TenantForm form, NetworkForm network) {
        return new TenantForm(form.id(), form.name(), form.displayName(), form.cpus(), form.memoryMb(), form.tenantSite(),
                form.tenantFolder(), form.providerSite(), form.providerFolder(), List.of(network));
    }

    private static SiteForm withPin(SiteForm form, String sha256) {
        return new SiteForm(form.name(), form.url(), form.username(), form.password(), sha256, form.applianceTemplate(),
                form.applianceUplinkNetwork());
    }
}

package io.lifeboat.packaging;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.lifeboat.AsUser;
import io.lifeboat.appliance.Backoff;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.GatewayLink;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.browser.Chromium;
import io.lifeboat.browser.PortalPage;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.network.ApplianceCopyService;
import io.lifeboat.network.ApplianceRuntime;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.network.TenantNetworkRef;
import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.NewUser;
import io.lifeboat.tenancy.Role;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.UserAdministrationService;
import io.lifeboat.pki.ApplianceCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * A copy of an NEA (its VM or disk cloned, so its certificate) dialling the portal's control server next to the NEA:
 * the portal keeps steering the NEA, refuses the copy, and the provider dashboard and the tenant's Replicas page (not
 * another tenant's) say where each dials from. The two ends are {@link GatewayLink}s as the agent runs them, with a
 * stand-in for the agent's work.
 */
class CopiedApplianceTest {

    private static final String PASSWORD = "rainy harbour lanterns 42";
    private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofSeconds(30));

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @TempDir
    Path dir;

    private ConfigurableApplicationContext portal;
    /** The tenant NEA of acme's network "lan": {@code acme/n<id>/t}. */
    private String nea;
    private final List<GatewayLink> links = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        links.forEach(GatewayLink::close);
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void the_portal_keeps_steering_the_nea_refuses_its_copy_and_the_provider_and_only_its_tenant_are_told() throws Exception {
        int controlPort = InstalledPackages.freePort();
        portal = SteeredPortal.start(dir, "127.0.0.1:" + controlPort, "PT1S");
        SteeredPortal.createProvider(portal);
        AsUser as = portal.getBean(AsUser.class);
        long acme = tenantWithOperator("acme", "acme-op");
        tenantWithOperator("globex", "globex-op");
        TenantNetworkInfo lan = as.call(SteeredPortal.PROVIDER, () -> portal.getBean(TenantNetworkService.class)
                .ensureNetwork(acme, "lan", "192.168.60.0/24", "192.168.60.1", 60, "acme-lan", null));
        nea = TenantNetworkRef.applianceId("acme", lan.id(), NeaRole.TENANT);
        ApplianceRuntime runtime = portal.getBean(ApplianceRuntime.class);
        GatewayLink original = dial(controlPort, portal.getBean(EnrolmentTokens.class).issue(nea, Duration.ofMinutes(5)), dir.resolve("nea"));
        await(() -> runtime.connectedApplianceIds().contains(nea), "the NEA to connect");
        FileSystemUtils.copyRecursively(dir.resolve("nea"), dir.resolve("cloned-vm"));
        dial(controlPort, null, dir.resolve("cloned-vm"));

        ApplianceCopyService copies = portal.getBean(ApplianceCopyService.class);
        ReplicaOverviewService replicas = portal.getBean(ReplicaOverviewService.class);
        await(() -> !as.call(SteeredPortal.PROVIDER, copies::refusedCopies).isEmpty(), "the copy to be recorded at a heartbeat");
        assertThat(as.call(SteeredPortal.PROVIDER, copies::refusedCopies)).singleElement().satisfies(copy -> {
            assertThat(copy.tenant()).isEqualTo("acme");
            assertThat(copy.network()).isEqualTo("lan");
            assertThat(copy.role()).isEqualTo(NeaRole.TENANT);
            assertThat(copy.heldFrom()).isEqualTo("127.0.0.1");
            assertThat(copy.refusedFrom()).isEqualTo("127.0.0.1");
        });
        assertThat(runtime.refusedCopies()).singleElement().satisfies(c -> assertThat(c.applianceId()).isEqualTo(nea));
        assertThat(as.call("acme-op", replicas::neaCopies)).as("the tenant at whose site the copy runs").hasSize(1);
        assertThat(as.call("globex-op", replicas::neaCopies)).as("another tenant sees nothing of it").isEmpty();

        String base = "http://127.0.0.1:" + portal.getEnvironment().getProperty("local.server.port");
        Page provider = new PortalPage(chromium.newPage(base)).logIn(SteeredPortal.PROVIDER, SteeredPortal.PASSWORD).page();
        provider.navigate("/provider");
        assertThat(provider.locator("#appliance-copies")).containsText("A copy of the tenant NEA of acme's network lan (a cloned VM or a"
                + " copy of its disk) dials from 127.0.0.1 and is refused: the NEA connected from 127.0.0.1 carries the network, and"
                + " the copy has stood down. Find the copy at the tenant's site and delete it.");
        Page tenant = new PortalPage(chromium.newPage(base)).logIn("acme-op", PASSWORD).page();
        tenant.navigate("/replicas");
        assertThat(tenant.locator("#nea-copies")).containsText("A copy of your NEA for network lan (a cloned VM or a copy of its disk)"
                + " dials from 127.0.0.1 and is refused: the NEA at 127.0.0.1 carries the network, and the copy has stood down."
                + " Delete the copy at your site; your failed-over VMs are not affected.");

        original.close();   // the NEA's VM is gone: the copy gets in at its next dial, and the notices go
        await(() -> runtime.refusedCopies().isEmpty() && runtime.connectedApplianceIds().contains(nea), "the copy to get in");
        await(() -> as.call(SteeredPortal.PROVIDER, copies::refusedCopies).isEmpty(), "the notice to go after three heartbeats");
        provider.reload();
        assertThat(provider.locator("#appliance-copies")).isEmpty();
        tenant.reload();
        assertThat(tenant.locator("#nea-copies")).isEmpty();
    }

    /** Tenant {@code name} and an operator of it who has set a password. */
    private long tenantWithOperator(String name, String operator) {
        AsUser as = portal.getBean(AsUser.class);
        long id = as.call(SteeredPortal.PROVIDER, () -> portal.getBean(TenancyService.class).createTenant(name, name.toUpperCase(),
                new HardwarePlan(2, 2048))).id();
        UserAdministrationService users = portal.getBean(UserAdministrationService.class);
        String link = as.call(SteeredPortal.PROVIDER, () -> users.createUser(new NewUser(operator, Role.TENANT_OPERATOR, name)));
        users.setPasswordWithLink(link, PASSWORD);
        return id;
    }

    private GatewayLink dial(int controlPort, String token, Path stateDir) throws Exception {
        Files.createDirectories(stateDir);
        GatewayLink link = new GatewayLink(new GatewayLink.Settings("127.0.0.1", controlPort,
                portal.getBean(ApplianceCertificates.class).gatewayCaPem(), nea, token, stateDir, FAST),
                (request, reply) -> reply.set("status", ControlProtocol.JSON.createObjectNode())).start();
        links.add(link);
        return link;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}

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
 * the portal keeps steering the NEA, refuses the copy, and the provider dashboard says where each dials from. The two
 * ends are {@link GatewayLink}s as the agent runs them, with a stand-in for the agent's work.
 */
class CopiedApplianceTest {

    private static final String NEA = "acme/n7/t";
    private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofSeconds(30));

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @TempDir
    Path dir;

    private ConfigurableApplicationContext portal;
    private final List<GatewayLink> links = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        links.forEach(GatewayLink::close);
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void the_portal_keeps_steering_the_nea_refuses_its_copy_and_the_provider_dashboard_says_where_each_dials_from() throws Exception {
        int controlPort = InstalledPackages.freePort();
        portal = SteeredPortal.start(dir, "127.0.0.1:" + controlPort, "PT1S");
        SteeredPortal.createProvider(portal);
        ApplianceRuntime runtime = portal.getBean(ApplianceRuntime.class);
        GatewayLink original = dial(controlPort, portal.getBean(EnrolmentTokens.class).issue(NEA, Duration.ofMinutes(5)), dir.resolve("nea"));
        await(() -> runtime.connectedApplianceIds().contains(NEA), "the NEA to connect");
        FileSystemUtils.copyRecursively(dir.resolve("nea"), dir.resolve("cloned-vm"));
        dial(controlPort, null, dir.resolve("cloned-vm"));

        ApplianceCopyService copies = portal.getBean(ApplianceCopyService.class);
        AsUser as = portal.getBean(AsUser.class);
        await(() -> !as.call(SteeredPortal.PROVIDER, copies::refusedCopies).isEmpty(), "the copy to be recorded at a heartbeat");
        assertThat(as.call(SteeredPortal.PROVIDER, copies::refusedCopies)).singleElement().satisfies(copy -> {
            assertThat(copy.tenant()).isEqualTo("acme");
            assertThat(copy.role()).isEqualTo(NeaRole.TENANT);
            assertThat(copy.heldFrom()).isEqualTo("127.0.0.1");
            assertThat(copy.refusedFrom()).isEqualTo("127.0.0.1");
        });
        assertThat(runtime.refusedCopies()).singleElement().satisfies(c -> assertThat(c.applianceId()).isEqualTo(NEA));

        Page page = new PortalPage(chromium.newPage("http://127.0.0.1:" + portal.getEnvironment().getProperty("local.server.port")))
                .logIn(SteeredPortal.PROVIDER, SteeredPortal.PASSWORD).page();
        page.navigate("/provider");
        assertThat(page.locator("#appliance-copies")).containsText("A copy of the tenant NEA of acme's network #7 (a cloned VM or a copy"
                + " of its disk) dials from 127.0.0.1 and is refused: the NEA connected from 127.0.0.1 carries the network, and the"
                + " copy has stood down. Find the copy at the tenant's site and delete it.");

        original.close();   // the NEA's VM is gone: the copy gets in at its next dial, and the notice goes
        await(() -> runtime.refusedCopies().isEmpty() && runtime.connectedApplianceIds().contains(NEA), "the copy to get in");
        await(() -> as.call(SteeredPortal.PROVIDER, copies::refusedCopies).isEmpty(), "the notice to go after three heartbeats");
        page.reload();
        assertThat(page.locator("#appliance-copies")).isEmpty();
    }

    private GatewayLink dial(int controlPort, String token, Path stateDir) throws Exception {
        Files.createDirectories(stateDir);
        GatewayLink link = new GatewayLink(new GatewayLink.Settings("127.0.0.1", controlPort,
                portal.getBean(ApplianceCertificates.class).gatewayCaPem(), NEA, token, stateDir, FAST),
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

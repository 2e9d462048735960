package io.lifeboat.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifeboat.Lifeboat;
import io.lifeboat.SecondLane;
import io.lifeboat.appliance.ApplianceMain;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.lab.network.LabNetwork;
import io.lifeboat.network.ApplianceRuntime;
import io.lifeboat.network.NetworkExtensionService;
import io.lifeboat.network.TenantNetworkRef;
import io.lifeboat.network.TunnelRelay;
import io.lifeboat.pki.ApplianceCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real installation's control path, without the lab (ADR 0008): the portal, started without the lab profile, runs
 * the appliances' control server on TCP; the Cloud Gateway from its Debian package relays appliances' connections to
 * it; the agent from its package, in a namespace of its own (a site reaching the gateway over a veth), enrols with its
 * one-time token and is steered through the stream it opened. Then the portal restarts on the same database: the agent
 * comes back with the certificate it already holds (the CAs were kept, sealed), without a new token and without help.
 */
@Tag("netns")
@SecondLane
class PackagedApplianceToPortalTest {

    private static final String NS = "lbpc-" + ProcessHandle.current().pid();
    private static final String ROOT_IF = "lbpc" + ProcessHandle.current().pid();
    private static final String GATEWAY_IP = "10.231.0.1";
    private static final TenantNetworkRef NETWORK = new TenantNetworkRef(7, "acme", "192.168.60.0/24", "192.168.60.1", 3007);

    @TempDir
    Path dir;

    private ConfigurableApplicationContext portal;
    private InstalledPackages installed;
    private Process agent;

    @AfterEach
    void cleanUp() throws Exception {
        if (agent != null) {
            agent.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (installed != null) {
            installed.close();
        }
        if (portal != null) {
            portal.close();
        }
        ip(false, "netns", "delete", NS);   // takes the veth pair with it
    }

    @Test
    void an_agent_behind_the_packaged_gateway_enrols_with_the_portal_and_comes_back_by_itself_after_the_portal_restarts()
            throws Exception {
        assumeTrue(LabNetwork.isRoot(), "needs root (a namespace for the agent's site, capture on its interface): skipped");
        int controlPort = InstalledPackages.freePort();
        portal = startPortal(controlPort);
        assertThat(portal.getBean(ApplianceRuntime.class).getClass().getSimpleName()).isEqualTo("PortalApplianceRuntime");
        assertThat(portal.getBean(TunnelRelay.class).getClass().getSimpleName()).isEqualTo("PortalTunnelRelay");
        assertThat(portal.getBean(NetworkExtensionService.class).unavailableReason())
                .as("the network extension is assembled outside the lab").isNull();

        site();
        installed = InstalledPackages.relayingToPortal(dir, GATEWAY_IP, "127.0.0.1:" + controlPort,
                portal.getBean(ApplianceCertificates.class), portal.getBean(EnrolmentTokens.class));
        String id = NETWORK.applianceId(NeaRole.TENANT);
        Path state = Path.of(installed.dir("appliance-state"));
        agent = installed.applianceUnit(id, "eth0").start(Map.of("STATE_DIRECTORY", state.toString()), List.of("ip", "netns", "exec", NS));
        InstalledPackages.Lines output = new InstalledPackages.Lines(agent);
        output.await(ApplianceMain.READY_LINE, Duration.ofSeconds(60));

        ApplianceRuntime runtime = portal.getBean(ApplianceRuntime.class);
        assertThat(runtime.start(NETWORK, NeaRole.TENANT, Duration.ofSeconds(60)).status().tunnelUp()).isFalse();
        assertThat(runtime.isRunning(NETWORK, NeaRole.TENANT)).isTrue();
        String certificate = Files.readString(state.resolve("control-cert.pem"));

        portal.close();
        portal = startPortal(controlPort);
        runtime = portal.getBean(ApplianceRuntime.class);
        assertThat(runtime.start(NETWORK, NeaRole.TENANT, Duration.ofSeconds(30)).status().failedOver())
                .as("the agent is back, steered by the restarted portal; it printed:\n%s", output.printed()).isEmpty();
        assertThat(Files.readString(state.resolve("control-cert.pem")))
                .as("it came back with the certificate it had: the restarted portal still trusts it").isEqualTo(certificate);

        runtime.stop(NETWORK, NeaRole.TENANT);
        assertThat(agent.waitFor(20, TimeUnit.SECONDS)).as("the agent stopped when the portal told it to").isTrue();
    }

    private ConfigurableApplicationContext startPortal(int controlPort) {
        return new SpringApplicationBuilder(Lifeboat.class).run(
                "--spring.profiles.active=test",
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db") + ";LOCK_TIMEOUT=10000",
                "--lifeboat.network.tunnel-credentials-dir=" + dir.resolve("pki"),
                "--lifeboat.network.cloud-gateways=" + GATEWAY_IP + ":8443",
                "--lifeboat.appliance-control.listen=127.0.0.1:" + controlPort,
                "--lifeboat.appliance-control.relay-address=127.0.0.1");
    }

    /** The agent's site: a namespace whose {@code eth0} reaches the gateway's address over a veth. */
    private static void site() {
        ip(true, "netns", "add", NS);
        ip(true, "link", "add", ROOT_IF, "type", "veth", "peer", "name", "eth0", "netns", NS);
        ip(true, "addr", "add", GATEWAY_IP + "/30", "dev", ROOT_IF);
        ip(true, "link", "set", ROOT_IF, "up");
        ip(true, "-n", NS, "addr", "add", "10.231.0.2/30", "dev", "eth0");
        ip(true, "-n", NS, "link", "set", "eth0", "up");
        ip(true, "-n", NS, "link", "set", "lo", "up");
    }

    private static void ip(boolean check, String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 && check) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

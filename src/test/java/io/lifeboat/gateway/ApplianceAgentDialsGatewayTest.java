package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.appliance.ApplianceMain;
import io.lifeboat.appliance.ApplianceStatus;
import io.lifeboat.pki.ApplianceCertificates;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent process ({@code appliance --gateway …}, no control socket at all) dials a gateway on loopback,
 * enrols with its token and answers the portal over the stream. It captures on {@code lo} (root, like the namespace
 * tests) and is only asked for its status and to stop, so it changes nothing on the host.
 */
@Tag("netns")
class ApplianceAgentDialsGatewayTest {

    private static final String ID = "acme/lan/t";

    @TempDir
    Path dir;

    @Test
    void the_agent_enrols_over_the_network_and_takes_commands_only_through_the_stream_it_opened() throws Exception {
        ApplianceCertificates certificates = new ApplianceCertificates();
        EnrolmentTokens tokens = new EnrolmentTokens();
        Path gatewayCa = Files.writeString(dir.resolve("gateway-ca.pem"), certificates.gatewayCaPem());
        try (ApplianceControlServer server = ApplianceControlServer.start(new InetSocketAddress("127.0.0.1", 0),
                certificates.issueGateway("gw-1", List.of("127.0.0.1")), certificates, tokens, Duration.ofSeconds(10))) {
            Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ApplianceMain.class.getName(),
                    "--iface", "lo", "--gateway", "127.0.0.1:" + server.port(), "--gateway-ca", gatewayCa.toString(),
                    "--appliance-id", ID, "--enrolment-token", tokens.issue(ID, Duration.ofMinutes(5)),
                    "--state-dir", dir.resolve("state").toString())
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
                String line;
                do {
                    line = out.readLine();
                } while (line != null && !line.startsWith(ApplianceMain.READY_LINE));
                assertThat(line).as("the agent's READY line").isNotNull();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!server.isConnected(ID) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(server.isConnected(ID)).as("the agent connected").isTrue();

                ApplianceStatus status = server.client(ID).status();
                assertThat(status.tunnelUp()).isFalse();
                assertThat(status.failedOver()).isEmpty();
                assertThat(dir.resolve("state/control-cert.pem")).exists();

                try {
                    server.client(ID).shutdown();
                } catch (java.io.IOException e) {
                    // the agent may exit before its reply leaves; what counts is that it stops
                }
                assertThat(agent.waitFor(20, TimeUnit.SECONDS)).as("the agent stopped when told through the stream").isTrue();
                assertThat(agent.exitValue()).isZero();
            } finally {
                agent.destroyForcibly();
            }
        }
    }
}

package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.SecondLane;
import io.lifeboat.SilencingForwarder;
import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.ApplianceStatus;
import io.lifeboat.appliance.ArpConflict;
import io.lifeboat.appliance.ArpMode;
import io.lifeboat.appliance.Backoff;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.ControlRpc;
import io.lifeboat.appliance.DesiredState;
import io.lifeboat.appliance.GatewayEndpoint;
import io.lifeboat.appliance.GatewayLink;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.pki.ApplianceCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control channel for real: gRPC over mutual TLS 1.3 on loopback between {@link ApplianceControlServer} and
 * {@link GatewayLink}s. The appliance's work is a small in-memory stand-in (it keeps the desired state it was sent and
 * reports it back); the data plane behind the same handler is covered by the lab's tests.
 */
@SecondLane
class ApplianceControlChannelTest {

    private static final String ACME_T = "acme/lan/t";
    private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofSeconds(30));
    private static final DesiredState DESIRED = new DesiredState(NeaRole.TENANT, "lan0", "192.168.60.0/24", "192.168.60.254",
            List.of("192.168.60.11"), ArpMode.PCAP, null);

    @TempDir
    Path dir;

    private final ApplianceCertificates certificates = new ApplianceCertificates();
    private final EnrolmentTokens tokens = new EnrolmentTokens();
    private final ApplianceCertificates.Identity gatewayIdentity = certificates.issueGateway("gw-1", List.of("127.0.0.1"));
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private ApplianceControlServer server;

    @BeforeEach
    void startGateway() throws IOException {
        Logger.getLogger(ApplianceControlServer.class.getName()).addHandler(logCapture);
        Logger.getLogger(TenantCaTrustManager.class.getName()).addHandler(logCapture);
        server = startServer(0);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.close();
        Logger.getLogger(ApplianceControlServer.class.getName()).removeHandler(logCapture);
        Logger.getLogger(TenantCaTrustManager.class.getName()).removeHandler(logCapture);
    }

    @Test
    void a_started_server_dials_itself_once_over_tls_as_an_appliance_would_and_nothing_is_refused_or_enrolled() throws Exception {
        Duration tcp = server.warmedUp().get(60, java.util.concurrent.TimeUnit.SECONDS);
        try (ApplianceControlServer uds = ApplianceControlServer.startOnUnixSocket(dir.resolve("control.sock"), gatewayIdentity,
                certificates, tokens, Duration.ofSeconds(5))) {
            Duration overSocket = uds.warmedUp().get(60, java.util.concurrent.TimeUnit.SECONDS);
            System.out.printf("control server warm-up: TCP %d ms, Unix socket %d ms%n", tcp.toMillis(), overSocket.toMillis());
        }
        assertThat(warnings).as("the dial is neither an enrolment nor a stream: no refusal").isEmpty();
    }

    @Test
    void an_appliance_enrols_with_its_token_and_the_portal_commands_it_through_the_stream_it_opened() throws Exception {
        FakeAppliance nea = new FakeAppliance();
        link(ACME_T, tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("t"), nea);
        awaitConnected(ACME_T);

        ApplianceStatus status = server.client(ACME_T).apply(DESIRED);

        assertThat(status.failedOver()).containsExactly("192.168.60.11");
        assertThat(nea.desired.get()).isEqualTo(DESIRED);
        assertThat(Files.readString(dir.resolve("t/control-cert.pem"))).contains("BEGIN CERTIFICATE");
        X509 cert = X509.of(dir.resolve("t/control-cert.pem"));
        assertThat(cert.commonName()).isEqualTo(ACME_T);
        assertThat(certificates.issuingTenant(cert.value())).contains("acme");
        assertThat(warnings).isEmpty();
    }

    @Test
    void the_portal_announces_an_ip_for_the_original_vm_and_reads_the_conflicts_the_appliance_reports() throws Exception {
        FakeAppliance nea = new FakeAppliance();
        link(ACME_T, tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("t"), nea);
        awaitConnected(ACME_T);
        ApplianceClient client = server.client(ACME_T);
        ArpConflict conflict = new ArpConflict("192.168.60.11", "02:00:00:00:00:11", 1_000, 1_250, false);

        client.announce("192.168.60.11", "02:00:00:00:00:11");
        client.announce("192.168.60.12");
        nea.conflicts.set(List.of(conflict));

        assertThat(nea.announced).containsExactly("192.168.60.11 at 02:00:00:00:00:11", "192.168.60.12 at its own MAC");
        assertThat(client.status().conflicts()).containsExactly(conflict);
    }

    @Test
    void an_older_appliance_that_reports_no_conflicts_reads_as_none() throws Exception {
        FakeAppliance nea = new FakeAppliance();
        nea.older = true;
        link(ACME_T, tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("t"), nea);
        awaitConnected(ACME_T);

        ApplianceStatus status = server.client(ACME_T).apply(DESIRED);

        assertThat(status.failedOver()).containsExactly("192.168.60.11");
        assertThat(status.conflicts()).isNotNull().isEmpty();
    }

    @Test
    void the_gateway_speaks_only_tls_1_3() throws Exception {
        javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", server.port())) {
                socket.setEnabledProtocols(new String[] {version});
                socket.setSoTimeout(5000);
                if (version.equals("TLSv1.2")) {
                    assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
                } else {
                    socket.startHandshake();
                    assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
                }
            }
        }
    }

    @Test
    void a_reused_token_is_refused_with_a_log_line() throws Exception {
        String token = tokens.issue(ACME_T, Duration.ofMinutes(10));
        link(ACME_T, token, dir.resolve("first"), new FakeAppliance());
        awaitConnected(ACME_T);

        link(ACME_T, token, dir.resolve("second"), new FakeAppliance());

        awaitWarning("refused enrolment of appliance acme/lan/t from /127.0.0.1:", "enrolment token already used at");
        assertThat(dir.resolve("second/control-cert.pem")).doesNotExist();
    }

    @Test
    void an_expired_token_is_refused_with_a_log_line() throws Exception {
        tokens.register("expired-token", ACME_T, Instant.now().minusSeconds(1));

        link(ACME_T, "expired-token", dir.resolve("t"), new FakeAppliance());

        awaitWarning("refused enrolment of appliance acme/lan/t", "enrolment token expired at");
        assertThat(server.isConnected(ACME_T)).isFalse();
        assertThat(dir.resolve("t/control-cert.pem")).doesNotExist();
    }

    @Test
    void a_revoked_certificate_is_refused_with_a_log_line() throws Exception {
        enrolThenStop();

        certificates.revoke(X509.of(dir.resolve("t/control-cert.pem")).value());
        link(ACME_T, null, dir.resolve("t"), new FakeAppliance());   // enrolled: dials with its certificate

        awaitWarning("refused control connection of appliance acme/lan/t", "is revoked");
        assertThat(server.isConnected(ACME_T)).isFalse();
    }

    @Test
    void revoking_the_certificate_of_a_connected_appliance_closes_its_stream_and_bars_it() throws Exception {
        link(ACME_T, tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("t"), new FakeAppliance());
        awaitConnected(ACME_T);

        certificates.revoke(X509.of(dir.resolve("t/control-cert.pem")).value());
        server.enforceRevocations();

        awaitWarning("closed control stream of appliance acme/lan/t", "revoked");
        awaitWarning("refused control connection of appliance acme/lan/t", "is revoked");   // it dialled again
        assertThat(server.isConnected(ACME_T)).isFalse();
        assertThatThrownBy(() -> server.client(ACME_T).status()).isInstanceOf(IOException.class);
    }

    @Test
    void another_tenants_certificate_is_refused_with_a_log_line() throws Exception {
        GatewayLink acme = link(ACME_T, tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("acme"), new FakeAppliance());
        awaitConnected(ACME_T);
        acme.close();
        Path stolen = Files.createDirectories(dir.resolve("globex"));
        Files.copy(dir.resolve("acme/control-key.pem"), stolen.resolve("control-key.pem"));
        Files.copy(dir.resolve("acme/control-cert.pem"), stolen.resolve("control-cert.pem"));

        link("globex/lan/t", null, stolen, new FakeAppliance());

        awaitWarning("refused control connection of appliance globex/lan/t", "certificate of tenant acme presented for tenant globex");
        assertThat(server.isConnected("globex/lan/t")).isFalse();
        assertThatThrownBy(() -> server.client("globex/lan/t").status()).isInstanceOf(IOException.class)
                .hasMessageContaining("not connected");
    }

    @Test
    void a_gateway_host_enrols_under_its_own_ca_and_neither_its_certificate_nor_an_appliances_passes_for_the_other() throws Exception {
        String gw = ControlRpc.gatewayHostId("gw-1");
        link(gw, tokens.issue(gw, Duration.ofMinutes(10)), dir.resolve("gw"), new FakeAppliance());
        awaitConnected(gw);
        X509Certificate hostCert = ApplianceCertificates.parseCertificate(Files.readString(dir.resolve("gw/control-cert.pem")));
        assertThat(certificates.issuedToGatewayHost(hostCert)).isTrue();
        assertThat(certificates.issuingTenant(hostCert)).as("no tenant's CA signed it").isEmpty();

        link(ACME_T, tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("acme"), new FakeAppliance());
        awaitConnected(ACME_T);
        link(ControlRpc.gatewayHostId("gw-2"), null, copyOfIdentity("acme", "posing-as-gateway"), new FakeAppliance());
        awaitWarning("refused control connection of appliance gateway:gw-2", "certificate not issued by the gateway hosts' CA");
        link(ACME_T, null, copyOfIdentity("gw", "posing-as-appliance"), new FakeAppliance());
        awaitWarning("refused control connection of appliance acme/lan/t", "a gateway host's certificate presented for an appliance");
        assertThat(server.connectedIds()).containsExactlyInAnyOrder(gw, ACME_T);

        String badName = "gateway:../etc";
        link(badName, tokens.issue(badName, Duration.ofMinutes(10)), dir.resolve("bad"), new FakeAppliance());
        awaitWarning("refused enrolment of appliance gateway:../etc", "a gateway host's name is");
    }

    @Test
    void a_copy_of_an_appliance_is_refused_while_the_original_answers_the_provider_is_told_and_the_copy_gets_in_after() throws Exception {
        List<String> connections = new CopyOnWriteArrayList<>();
        server.onConnected(connections::add);
        FakeAppliance original = new FakeAppliance();
        GatewayLink originalLink = link(ACME_T, tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("t"), original);
        awaitConnected(ACME_T);
        FakeAppliance copy = new FakeAppliance();
        List<GatewayLink.Refusal> copyRefused = new CopyOnWriteArrayList<>();
        link(ACME_T, null, copyOfIdentity("t", "copied-vm"), copy, copyRefused::add);   // one certificate, two processes

        awaitWarning("refused control connection of acme/lan/t from 127.0.0.1", "another process with its certificate holds the stream");
        Thread.sleep(2_000);   // the copy keeps dialling every ≤ 300 ms meanwhile

        assertThat(connections).as("the original only: the copy never took the stream").hasSize(1);
        assertThat(copyRefused).as("the copy's agent is told it is the copy, so it stands down").isNotEmpty()
                .allSatisfy(r -> assertThat(r.copy()).isTrue());
        assertThat(warnings.stream().filter(w -> w.contains("another process with its certificate"))).as("told once").hasSize(1);
        assertThat(server.sharedIdentities()).singleElement().satisfies(clash -> {
            assertThat(clash.id()).isEqualTo(ACME_T);
            assertThat(clash.heldFrom()).isEqualTo("127.0.0.1");
            assertThat(clash.refusedFrom()).isEqualTo("127.0.0.1");
        });
        server.client(ACME_T).apply(DESIRED);
        assertThat(original.desired.get()).as("commands reach the one that holds the stream").isEqualTo(DESIRED);
        assertThat(copy.desired.get()).isNull();

        originalLink.close();
        await(() -> server.isConnected(ACME_T) && connections.size() == 2, "the copy to get in once the original is gone");
        server.client(ACME_T).apply(DESIRED);
        assertThat(copy.desired.get()).isEqualTo(DESIRED);
        assertThat(server.sharedIdentities()).as("one process holds the identity again").isEmpty();
    }

    @Test
    void an_original_busy_with_a_long_command_still_answers_that_it_is_alive_and_keeps_the_stream() throws Exception {
        List<String> connections = new CopyOnWriteArrayList<>();
        server.onConnected(connections::add);
        FakeAppliance original = new FakeAppliance();
        link(ACME_T, tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("t"), original);
        awaitConnected(ACME_T);
        CompletableFuture<JsonNode> longCommand = CompletableFuture.supplyAsync(() -> {
            try {
                return server.call(ACME_T, ControlProtocol.JSON.createObjectNode().put("op", "slow"));   // 4 s, longer than the probe
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> original.busy.get(), "the long command to start");

        link(ACME_T, null, copyOfIdentity("t", "copied-vm"), new FakeAppliance());

        awaitWarning("refused control connection of acme/lan/t", "another process with its certificate holds the stream");
        assertThat(longCommand.get(10, java.util.concurrent.TimeUnit.SECONDS).path("ok").asBoolean()).isTrue();
        assertThat(connections).as("the copy never took the stream").hasSize(1);
    }

    @Test
    void a_restarted_appliance_takes_the_stream_its_old_process_left_open_and_silent() throws Exception {
        enrolThenStop();
        try (RawControlStream old = RawControlStream.silent(server.port(), certificates.gatewayCaPem(), dir.resolve("t"), ACME_T, "the-old-process")) {   // the old process's stream, half-open
            awaitConnected(ACME_T);
            FakeAppliance restarted = new FakeAppliance();
            link(ACME_T, null, dir.resolve("t"), restarted);

            await(() -> restarted.desired.get() != null || tryApply(), "the restarted process to take the stream");
            assertThat(restarted.desired.get()).isEqualTo(DESIRED);
            assertThat(server.sharedIdentities()).as("a silent stream is no live copy").isEmpty();
        }
    }

    /**
     * An NEA whose VM was powered off where Lifeboat did not see it sends no FIN: its stream stays open. Asked whether it
     * answers (before a failover leaves its VM alone), it does not, and is let go; a live NEA answers and stays.
     */
    @Test
    void a_stream_left_open_by_an_nea_that_is_gone_does_not_answer_and_is_let_go() throws Exception {
        enrolThenStop();
        try (RawControlStream gone = RawControlStream.silent(server.port(), certificates.gatewayCaPem(), dir.resolve("t"), ACME_T, "a-powered-off-vm")) {
            awaitConnected(ACME_T);

            assertThat(server.answers(ACME_T)).isFalse();
            assertThat(server.isConnected(ACME_T)).as("let go").isFalse();
            await(() -> gone.end() != null, "its stream to be closed");
        }
        link(ACME_T, null, dir.resolve("t"), new FakeAppliance());
        awaitConnected(ACME_T);
        assertThat(server.answers(ACME_T)).isTrue();
        assertThat(server.isConnected(ACME_T)).isTrue();
    }

    /**
     * Nothing asks an NEA whose VM went off unseen, and its stream stays open, as no FIN came: the server pings each
     * connection and ends the stream of one whose pings go unanswered (20 s and 20 s in production, 1 s here), so the NEA
     * no longer shows as connected for good. (Its socket lingers until TCP gives up on what the server sent last.)
     */
    @Test
    void a_stream_whose_path_goes_silent_is_ended_by_the_servers_pings() throws Exception {
        Duration second = Duration.ofSeconds(1);
        try (ApplianceControlServer pinging = ApplianceControlServer.start(new InetSocketAddress("127.0.0.1", 0), gatewayIdentity, certificates,
                tokens, Duration.ofSeconds(5), new ApplianceControlServer.Pings(second, second));
             SilencingForwarder path = new SilencingForwarder(pinging.port())) {
            toClose.add(new GatewayLink(new GatewayLink.Settings("127.0.0.1", path.port(), certificates.gatewayCaPem(), ACME_T,
                    tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("t"), FAST), new FakeAppliance()).start());
            await(() -> pinging.isConnected(ACME_T), "the NEA to connect through the forwarder");
            Thread.sleep(3 * second.toMillis());
            assertThat(pinging.isConnected(ACME_T)).as("an NEA that answers its pings keeps its stream").isTrue();

            path.goSilent();

            await(() -> !pinging.isConnected(ACME_T), "the server to end the stream whose pings go unanswered");
        }
    }

    /**
     * The original's process wedged for longer than the liveness probe while its copy dialled: the copy took the stream.
     * When the original dials again it takes the stream back, though the copy answers, and the copy is refused.
     */
    @Test
    void an_original_that_lost_its_stream_while_wedged_takes_it_back_from_its_copy() throws Exception {
        enrolThenStop();
        List<GatewayLink.Refusal> copyRefusals = new CopyOnWriteArrayList<>();
        try (RawControlStream wedged = RawControlStream.silent(server.port(), certificates.gatewayCaPem(), dir.resolve("t"), ACME_T, "the-original")) {
            await(() -> server.holder(ACME_T).map(h -> "the-original".equals(h.instance())).orElse(false), "the original to hold the stream");
            link(ACME_T, null, copyOfIdentity("t", "copied-vm"), new FakeAppliance(), copyRefusals::add);
            await(() -> wedged.end() != null, "the copy to take the stream of the original that does not answer");
        }
        String copy = server.holder(ACME_T).orElseThrow().instance();

        try (RawControlStream recovered = RawControlStream.answering(server.port(), certificates.gatewayCaPem(), dir.resolve("t"), ACME_T, "the-original")) {
            await(() -> server.holder(ACME_T).map(h -> "the-original".equals(h.instance())).orElse(false), "the original to take its stream back");
            await(() -> copyRefusals.stream().anyMatch(GatewayLink.Refusal::copy), "the copy to be refused as a copy at its next dial");
            for (int sample = 0; sample < 10; sample++) {   // 1 s of the copy dialling every ≤ 300 ms
                assertThat(server.holder(ACME_T).orElseThrow().instance()).isEqualTo("the-original").isNotEqualTo(copy);
                assertThat(recovered.end()).as("the original is never refused").isNull();
                Thread.sleep(100);
            }
        }
    }

    /**
     * The NIC of the VM made for the appliance is known: a process with its certificate behind another NIC runs in a copied
     * VM, and is refused at every dial, though the original is wedged and would lose its stream to any other process after
     * the liveness probe. A restarted process in the original's VM (its NIC) still takes the silent stream.
     */
    @Test
    void a_copy_in_another_vm_is_refused_at_once_while_the_original_is_wedged_and_a_restart_in_its_vm_gets_in() throws Exception {
        String vmNic = "00:50:56:aa:bb:01";
        server.checkNics(id -> id.equals(ACME_T) ? Optional.of(vmNic) : Optional.empty());
        enrolThenStop();
        List<GatewayLink.Refusal> copyRefusals = new CopyOnWriteArrayList<>();
        try (RawControlStream wedged = RawControlStream.silent(server.port(), certificates.gatewayCaPem(), dir.resolve("t"), ACME_T, "the-original")) {
            await(() -> server.holder(ACME_T).map(h -> "the-original".equals(h.instance())).orElse(false), "the original to hold the stream");
            link(ACME_T, copyOfIdentity("t", "copied-vm"), "00:50:56:aa:bb:02", new FakeAppliance(), copyRefusals::add);

            awaitWarning("refused control connection of acme/lan/t from 127.0.0.1",
                    "it runs behind NIC 00:50:56:aa:bb:02, not behind its VM's (00:50:56:aa:bb:01)");
            Thread.sleep(ApplianceControlServer.LIVENESS_PROBE.plusMillis(500).toMillis());   // the copy dials every ≤ 300 ms meanwhile
            assertThat(wedged.end()).as("the wedged original keeps its stream").isNull();
            assertThat(server.holder(ACME_T).orElseThrow().instance()).isEqualTo("the-original");
            assertThat(copyRefusals).as("told it is the copy, so it stands down").isNotEmpty().allSatisfy(r -> assertThat(r.copy()).isTrue());
            assertThat(server.sharedIdentities()).singleElement().satisfies(clash -> assertThat(clash.refusedFrom()).isEqualTo("127.0.0.1"));

            FakeAppliance restarted = new FakeAppliance();
            link(ACME_T, dir.resolve("t"), vmNic.toUpperCase(java.util.Locale.ROOT), restarted, refusal -> { });
            await(() -> restarted.desired.get() != null || tryApply(), "the restarted process in the original's VM to take the stream");
        }
    }

    /** A copy that got in before its NEA VM's NIC was known (an NEA VM powered on before it was recorded) loses the stream to the original. */
    @Test
    void the_original_takes_its_stream_from_a_copy_in_another_vm_that_got_in_before_the_vms_nic_was_known() throws Exception {
        enrolThenStop();
        FakeAppliance copy = new FakeAppliance();
        List<GatewayLink.Refusal> copyRefusals = new CopyOnWriteArrayList<>();
        link(ACME_T, copyOfIdentity("t", "copied-vm"), "00:50:56:aa:bb:02", copy, copyRefusals::add);
        await(() -> copy.desired.get() != null || tryApply(), "the copy to get in while nothing is known of the VM's NIC");

        String vmNic = "00:50:56:aa:bb:01";
        server.checkNics(id -> id.equals(ACME_T) ? Optional.of(vmNic) : Optional.empty());
        FakeAppliance original = new FakeAppliance();
        link(ACME_T, dir.resolve("t"), vmNic, original, refusal -> { });

        await(() -> original.desired.get() != null || tryApply(), "the original, behind its VM's NIC, to take the stream");
        awaitWarning("acme/lan/t's stream is held from behind NIC 00:50:56:aa:bb:02, not its VM's (00:50:56:aa:bb:01)");
        await(() -> copyRefusals.stream().anyMatch(GatewayLink.Refusal::copy), "the copy to be refused as a copy at its next dial");
    }

    @Test
    void appliances_and_gateway_hosts_renew_their_certificates_before_they_expire_and_stay_commanded_past_the_first_ones_expiry()
            throws Exception {
        try (ShortLived expiring = shortLived()) {
            ApplianceControlServer renewing = expiring.server();
            ApplianceCertificates shortLived = expiring.certificates();
            List<Instant> neaExpiries = new CopyOnWriteArrayList<>();
            renewing.onConnectedWith((id, certificate) -> {
                if (id.equals(ACME_T)) {
                    neaExpiries.add(certificate.getNotAfter().toInstant());
                }
            });
            String host = ControlRpc.gatewayHostId("gw-9");
            for (String id : List.of(ACME_T, host)) {
                link(renewing, shortLived, id, tokens.issue(id, Duration.ofMinutes(10)), dir.resolve(id.replace('/', '_')), new FakeAppliance());
            }
            await(() -> renewing.isConnected(ACME_T) && renewing.isConnected(host), "both enrolled and connected");
            X509Certificate first = X509.of(dir.resolve("acme_lan_t/control-cert.pem")).value();
            X509Certificate hostsFirst = X509.of(dir.resolve("gateway:gw-9/control-cert.pem")).value();

            Thread.sleep(Duration.between(Instant.now(), first.getNotAfter().toInstant()).toMillis() + 500);

            assertThat(X509.of(dir.resolve("acme_lan_t/control-cert.pem")).value().getSerialNumber()).as("renewed")
                    .isNotEqualTo(first.getSerialNumber());
            await(() -> tryApply(renewing, ACME_T), "the appliance to be commanded with its renewed certificate");
            await(() -> tryApply(renewing, host), "the gateway host too");
            await(() -> shortLived.isRevoked(hostsFirst), "the host's first certificate to be revoked once it connected with the next");
            await(() -> shortLived.isRevoked(first), "the appliance's too");
            X509Certificate next = X509.of(dir.resolve("acme_lan_t/control-cert.pem")).value();
            await(() -> neaExpiries.contains(next.getNotAfter().toInstant()), "the portal to be told the renewed certificate's expiry");
            assertThat(neaExpiries).as("each stream's certificate, told as it opened (ADR 0014: what the provider is shown)")
                    .startsWith(first.getNotAfter().toInstant());
            try (var files = Files.list(dir.resolve("acme_lan_t"))) {
                assertThat(files.map(f -> f.getFileName().toString())).as("no renewal left half-done")
                        .containsExactlyInAnyOrder("control-key.pem", "control-cert.pem");
            }
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void an_appliance_whose_certificate_expired_while_it_was_off_enrols_again_with_a_new_token_and_keeps_its_pair_until_then()
            throws Exception {
        try (ShortLived expiring = shortLived()) {
            ApplianceControlServer renewing = expiring.server();
            ApplianceCertificates shortLived = expiring.certificates();
            String spent = tokens.issue(ACME_T, Duration.ofMinutes(10));
            GatewayLink before = link(renewing, shortLived, ACME_T, spent, dir.resolve("t"), new FakeAppliance());
            await(() -> renewing.isConnected(ACME_T), "enrolled and connected");
            before.close();   // switched off before its renewal
            X509Certificate expired = X509.of(dir.resolve("t/control-cert.pem")).value();
            Thread.sleep(Duration.between(Instant.now(), expired.getNotAfter().toInstant()).toMillis() + 500);

            GatewayLink withSpentToken = link(renewing, shortLived, ACME_T, spent, dir.resolve("t"), new FakeAppliance());
            awaitWarning("refused enrolment of appliance acme/lan/t", "already used");
            withSpentToken.close();
            assertThat(X509.of(dir.resolve("t/control-cert.pem")).value().getSerialNumber()).as("kept while no enrolment worked")
                    .isEqualTo(expired.getSerialNumber());
            link(renewing, shortLived, ACME_T, tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("t"), new FakeAppliance());

            await(() -> tryApply(renewing, ACME_T), "the appliance to enrol again with the new token and be commanded");
            assertThat(X509.of(dir.resolve("t/control-cert.pem")).value().getSerialNumber()).isNotEqualTo(expired.getSerialNumber());
        }
    }

    @Test
    void a_copy_of_an_appliance_in_another_vm_is_refused_a_renewed_certificate() throws Exception {
        String vmNic = "00:50:56:aa:bb:01";
        try (ShortLived expiring = shortLived()) {
            ApplianceControlServer renewing = expiring.server();
            ApplianceCertificates shortLived = expiring.certificates();
            renewing.checkNics(id -> id.equals(ACME_T) ? Optional.of(vmNic) : Optional.empty());
            GatewayLink original = linkBehind(renewing, shortLived, tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("t"), vmNic);
            await(() -> renewing.isConnected(ACME_T), "the original enrolled and connected");
            original.close();

            linkBehind(renewing, shortLived, null, copyOfIdentity("t", "copied-vm"), "00:50:56:aa:bb:02");

            awaitWarning("refused to renew the certificate of acme/lan/t", "it runs behind NIC 00:50:56:aa:bb:02, not behind its VM's");
        }
    }

    private GatewayLink linkBehind(ApplianceControlServer to, ApplianceCertificates ca, String token, Path stateDir, String lanMac) {
        GatewayLink link = new GatewayLink(new GatewayLink.Settings(List.of(new GatewayEndpoint("127.0.0.1", to.port())), ca.gatewayCaPem(),
                ACME_T, token, stateDir, FAST, lanMac), new FakeAppliance(), refusal -> { }).start();
        toClose.add(link);
        return link;
    }

    /**
     * A control server whose clients' certificates are valid for 6 s (renewed about 4 s after they are issued), and the
     * certificates it issues with; its own certificate, from the same CA, lives long, since only the clients' are meant
     * to expire here.
     */
    private ShortLived shortLived() throws IOException {
        ApplianceCertificates.MemoryLedger ledger = new ApplianceCertificates.MemoryLedger();
        ApplianceCertificates.Identity own = new ApplianceCertificates(Duration.ofDays(1), ledger).issueGateway("gw-1", List.of("127.0.0.1"));
        ApplianceCertificates issuing = new ApplianceCertificates(Duration.ofSeconds(6), ledger);
        return new ShortLived(issuing, ApplianceControlServer.start(new InetSocketAddress("127.0.0.1", 0), own, issuing, tokens,
                Duration.ofSeconds(5)));
    }

    private record ShortLived(ApplianceCertificates certificates, ApplianceControlServer server) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            server.close();
        }
    }

    private GatewayLink link(ApplianceControlServer to, ApplianceCertificates ca, String id, String token, Path stateDir, FakeAppliance nea) {
        GatewayLink link = new GatewayLink(new GatewayLink.Settings("127.0.0.1", to.port(), ca.gatewayCaPem(), id, token, stateDir, FAST), nea).start();
        toClose.add(link);
        return link;
    }

    private static boolean tryApply(ApplianceControlServer to, String id) {
        try {
            to.client(id).apply(DESIRED);
            return true;
        } catch (IOException e) {
            return false;   // between two streams
        }
    }

    private boolean tryApply() {
        try {
            server.client(ACME_T).apply(DESIRED);
        } catch (IOException e) {
            // the silent stream still holds it: the restarted process replaces it within the liveness probe's 2 s
        }
        return false;
    }

    private Path copyOfIdentity(String from, String to) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(to));
        Files.copy(dir.resolve(from + "/control-key.pem"), copy.resolve("control-key.pem"));
        Files.copy(dir.resolve(from + "/control-cert.pem"), copy.resolve("control-cert.pem"));
        return copy;
    }

    @Test
    void after_the_gateway_restarts_the_appliance_reconnects_and_the_portal_resyncs_its_desired_state() throws Exception {
        FakeAppliance nea = new FakeAppliance();
        link(ACME_T, tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("t"), nea);
        awaitConnected(ACME_T);
        server.client(ACME_T).apply(DESIRED);
        int port = server.port();

        server.close();
        assertThatThrownBy(() -> server.client(ACME_T).status()).isInstanceOf(IOException.class);
        nea.desired.set(null);            // as if the appliance had lost what it was told: the portal must re-send it
        server = startServer(port);
        server.onConnected(id -> resync(server.client(id)));
        awaitConnected(ACME_T);

        await(() -> nea.desired.get() != null, "the portal to re-send the desired state");
        assertThat(server.client(ACME_T).status().failedOver()).containsExactly("192.168.60.11");
    }

    @Test
    void an_appliance_that_knows_two_gateways_enrols_and_connects_through_the_one_that_answers() throws Exception {
        int deadPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();   // closed again: nothing listens there
        }
        FakeAppliance nea = new FakeAppliance();
        GatewayLink link = new GatewayLink(new GatewayLink.Settings(List.of(new GatewayEndpoint("127.0.0.1", deadPort),
                new GatewayEndpoint("127.0.0.1", server.port())), certificates.gatewayCaPem(), ACME_T,
                tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("t"), FAST), nea).start();
        toClose.add(link);

        awaitConnected(ACME_T);

        assertThat(link.currentGateway()).isEqualTo(new GatewayEndpoint("127.0.0.1", server.port()));
        assertThat(server.client(ACME_T).apply(DESIRED).failedOver()).containsExactly("192.168.60.11");
    }

    @Test
    void a_restarted_appliance_reconnects_with_its_certificate_and_no_token() throws Exception {
        enrolThenStop();

        FakeAppliance restarted = new FakeAppliance();
        link(ACME_T, null, dir.resolve("t"), restarted);
        awaitConnected(ACME_T);

        assertThat(server.client(ACME_T).apply(DESIRED).failedOver()).containsExactly("192.168.60.11");
        assertThat(restarted.desired.get()).isEqualTo(DESIRED);
    }

    /** {@link #ACME_T} enrolled into {@code t/}, connected and went away: its certificate is on disk. */
    private void enrolThenStop() throws InterruptedException {
        GatewayLink first = link(ACME_T, tokens.issue(ACME_T, Duration.ofMinutes(10)), dir.resolve("t"), new FakeAppliance());
        awaitConnected(ACME_T);
        first.close();
        await(() -> !server.isConnected(ACME_T), "the appliance to disconnect");
    }

    private static void resync(ApplianceClient client) {
        try {
            client.apply(DESIRED);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ApplianceControlServer startServer(int port) throws IOException {
        return ApplianceControlServer.start(new InetSocketAddress("127.0.0.1", port), gatewayIdentity, certificates, tokens,
                Duration.ofSeconds(5));
    }

    private GatewayLink link(String id, String token, Path stateDir, FakeAppliance nea) {
        return link(id, token, stateDir, nea, refusal -> { });
    }

    private GatewayLink link(String id, String token, Path stateDir, FakeAppliance nea, java.util.function.Consumer<GatewayLink.Refusal> refused) {
        GatewayLink link = new GatewayLink(new GatewayLink.Settings("127.0.0.1", server.port(), certificates.gatewayCaPem(), id,
                token, stateDir, FAST), nea, refused).start();
        toClose.add(link);
        return link;
    }

    /** A link that names the MAC of its LAN NIC, as the appliance agent does; with the identity it enrolled before. */
    private GatewayLink link(String id, Path stateDir, String lanMac, FakeAppliance nea, java.util.function.Consumer<GatewayLink.Refusal> refused) {
        GatewayLink link = new GatewayLink(new GatewayLink.Settings(List.of(new GatewayEndpoint("127.0.0.1", server.port())),
                certificates.gatewayCaPem(), id, null, stateDir, FAST, lanMac), nea, refused).start();
        toClose.add(link);
        return link;
    }

    private void awaitConnected(String id) throws InterruptedException {
        await(() -> server.isConnected(id), id + " to connect");
    }

    private void awaitWarning(String... parts) throws InterruptedException {
        await(() -> warnings.stream().anyMatch(w -> List.of(parts).stream().allMatch(w::contains)),
                "a warning with " + List.of(parts) + "; warnings so far: " + warnings);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Keeps the desired state it is sent and reports it back, as the appliance's own handler does. */
    private static final class FakeAppliance implements ControlProtocol.Handler {
        final AtomicReference<DesiredState> desired = new AtomicReference<>();
        final AtomicReference<List<ArpConflict>> conflicts = new AtomicReference<>(List.of());
        final List<String> announced = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
        /** Answers as an appliance from before the conflict watch: its status has no "conflicts". */
        volatile boolean older;

        @Override
        public void handle(JsonNode request, ObjectNode reply) throws Exception {
            switch (request.path("op").asText()) {
                case "apply" -> desired.set(ControlProtocol.JSON.treeToValue(request.get("desired"), DesiredState.class));
                case "status" -> { }
                case "slow" -> {
                    busy.set(true);
                    Thread.sleep(4_000);
                    return;
                }
                case "announce" -> {
                    announced.add(request.path("ip").asText() + " at "
                            + (request.has("mac") ? request.get("mac").asText() : "its own MAC"));
                    return;
                }
                default -> throw new IllegalArgumentException("unknown op " + request.path("op").asText());
            }
            DesiredState d = desired.get();
            ObjectNode status = ControlProtocol.JSON.valueToTree(new ApplianceStatus(NeaRole.TENANT, false, null, 0, 0, 0, null,
                    d == null ? List.of() : d.failedOver(), 0, 0, 0, null, false, conflicts.get()));
            if (older) {
                status.remove("conflicts");
            }
            reply.set("status", status);
        }
    }

    private record X509(java.security.cert.X509Certificate value) {
        static X509 of(Path pem) throws IOException {
            return new X509(ApplianceCertificates.parseCertificate(Files.readString(pem)));
        }

        String commonName() {
            return ApplianceCertificates.commonName(value);
        }
    }
}

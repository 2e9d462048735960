package io.lifeboat.appliance;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * {@code appliance --train}: walks the agent's start path once without a gateway, so that a JVM run with
 * {@code -XX:ArchiveClassesAtExit} archives the classes a start loads (JSON and ARP handling, the capture through JNA,
 * key and request making, TLS, gRPC and Netty dialling). The package's launcher makes that archive at install, and every
 * start maps it instead of loading those classes one by one from the jars. Each step may fail (no capture device in a
 * chroot): what it loaded until then is archived all the same.
 */
final class ClassArchiveTraining {

    private static final Logger LOG = Logger.getLogger(ClassArchiveTraining.class.getName());
    /** Long enough for the link to dial, fail and dial again. */
    private static final Duration DIALLING = Duration.ofMillis(1500);

    private ClassArchiveTraining() {
    }

    static void run() throws Exception {
        ApplianceMain.warmUp();
        step("capture", () -> new PcapArpPort("lo").close());
        Path state = Files.createTempDirectory("lifeboat-appliance-train");
        try {
            step("control channel", () -> dialNowhere(state));
        } finally {
            try (var files = Files.walk(state)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Enrols towards a loopback port nothing listens on: the TLS and gRPC classes load, nothing leaves the host. */
    private static void dialNowhere(Path state) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        GatewayLink.Settings settings = new GatewayLink.Settings(List.of(new GatewayEndpoint("127.0.0.1", closedPort)),
                selfSignedCa(), "train/n0/t", "train", state, GatewayLink.Settings.RECONNECT);
        try (GatewayLink link = new GatewayLink(settings, (request, reply) -> { }).start()) {
            Thread.sleep(DIALLING.toMillis());
        }
    }

    private static String selfSignedCa() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = gen.generateKeyPair();
        X500Name name = new X500Name("CN=lifeboat-train");
        Instant now = Instant.now();
        var holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now), Date.from(now.plus(Duration.ofDays(1))),
                name, kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(holder);
        }
        return out.toString();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(String name, Step step) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            LOG.log(Level.INFO, "class archive training: " + name + " skipped (" + e + ")");
        }
    }
}

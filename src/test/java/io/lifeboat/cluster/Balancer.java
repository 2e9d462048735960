package io.lifeboat.cluster;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's HAProxy as a real process, with the project's {@code docker/haproxy/haproxy.cfg} exactly as shipped, in
 * front of two portal nodes on loopback; TLS with a throw-away certificate for localhost that only this test's client
 * trusts. {@link #close()} stops the process.
 */
final class Balancer implements AutoCloseable {

    static final Path CONFIG = Paths.get("docker", "haproxy", "haproxy.cfg");
    static final String HAPROXY = "/usr/sbin/haproxy";

    private final Process process;
    private final Path dir;
    private final int port;
    private final HttpClient client;

    private Balancer(Process process, Path dir, int port, HttpClient client) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.client = client;
    }

    static boolean installed() {
        return Files.isExecutable(Paths.get(HAPROXY));
    }

    static Balancer start(int nodeA, int nodeB) throws IOException, InterruptedException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("lifeboat-haproxy");
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(HAPROXY, "-db", "-f", CONFIG.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile());
        builder.environment().putAll(environment(dir, port, nodeA, nodeB));
        Process process = builder.start();
        return new Balancer(process, dir, port, client(dir.resolve("cert.pem")));
    }

    /**
     * The variables haproxy.cfg reads: listening on loopback at {@code port}, the two nodes on loopback, and a new
     * certificate for localhost (with its key, in {@code dir}: {@code cert.pem} alone is what clients trust).
     */
    static Map<String, String> environment(Path dir, int port, int nodeA, int nodeB) throws IOException, InterruptedException {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost", "-keyout", key.toString(), "-out", cert.toString()));
        Path pem = dir.resolve("lifeboat.pem");
        Files.writeString(pem, Files.readString(cert) + Files.readString(key));
        return Map.of("LIFEBOAT_LB_BIND", "127.0.0.1:" + port, "LIFEBOAT_LB_CERT", pem.toString(),
                "LIFEBOAT_NODE_A", "127.0.0.1:" + nodeA, "LIFEBOAT_NODE_B", "127.0.0.1:" + nodeB);
    }

    /** A client that trusts only this balancer's certificate, follows no redirects and keeps no cookies of its own. */
    private static HttpClient client(Path cert) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("balancer", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    String origin() {
        return "https://localhost:" + port;
    }

    HttpClient client() {
        return client;
    }

    String log() {
        try {
            return Files.readString(dir.resolve("haproxy.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new UncheckedIOException(new IOException(String.join(" ", command) + " failed:\n" + output));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

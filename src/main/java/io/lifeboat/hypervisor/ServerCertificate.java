package io.lifeboat.hypervisor;

import io.lifeboat.hypervisor.HypervisorException.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate a site's endpoint presents, for the provider to look at and trust ("Test connection"), and the
 * trust that pins it afterwards ({@link SiteEndpoint#certificateSha256()}). Plain JDK TLS, the same for every adapter
 * that connects to a site: the {@code vsphere} adapter builds its SOAP and datastore connections on {@link #pinned} and
 * {@link #requirePinned}.
 *
 * @param sha256 the SHA-256 thumbprint as vSphere shows it: upper-case hex pairs joined by colons
 */
public record ServerCertificate(String sha256, String subject, String issuer, Instant notAfter) {

    private static final int TIMEOUT_MS = 5_000;

    /**
     * Connects to the endpoint's TLS port and returns the certificate it presents, without trusting it. Throws
     * UNREACHABLE when nothing answers there, and NOT_FOUND for an {@code http} URL (no certificate to show).
     */
    public static ServerCertificate fetch(String url) {
        URI uri = parse(url);
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new HypervisorException(Kind.NOT_FOUND, url + " is not an https URL: there is no certificate to check.");
        }
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        try {
            SSLContext context = context(new Trust(chain -> seen.set(chain[0])));
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 443 : uri.getPort()), TIMEOUT_MS);
                socket.setSoTimeout(TIMEOUT_MS);
                socket.startHandshake();
            }
        } catch (IOException e) {
            if (seen.get() == null) {
                throw new HypervisorException(Kind.UNREACHABLE, "Cannot reach " + url + " over TLS: " + e.getMessage()
                        + ". Check the URL and that the vCenter is running.", e);
            }
        }
        X509Certificate certificate = seen.get();
        return new ServerCertificate(thumbprint(certificate), certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(), certificate.getNotAfter().toInstant());
    }

    private static String thumbprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot hash the certificate", e);
        }
    }

    /** Whether this is the certificate pinned as {@code pinnedSha256} (any case, any separators). */
    public boolean matches(String pinnedSha256) {
        return sameThumbprint(sha256, pinnedSha256);
    }

    /** Same thumbprint, whatever case and separators it was written with. */
    private static boolean sameThumbprint(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    private static String normalize(String thumbprint) {
        return thumbprint.replaceAll("[^0-9A-Fa-f]", "").toUpperCase();
    }

    /** Accepts exactly the pinned certificate and nothing else; the failure ({@link CertificateChangedException}) says what to do. */
    public static X509TrustManager pinned(String url, String expectedSha256) {
        return new Trust(chain -> {
            String presented = thumbprint(chain[0]);
            if (!sameThumbprint(presented, expectedSha256)) {
                throw new CertificateChangedException(url, expectedSha256, presented);
            }
        });
    }

    /**
     * Throws {@link CertificateChangedException} (inside an {@link SSLPeerUnverifiedException}) unless the connection's
     * server certificate is the pinned one. Checked after every handshake, because a resumed TLS session skips the
     * trust manager.
     */
    public static void requirePinned(String url, String expectedSha256, HttpsURLConnection connection) throws IOException {
        Certificate[] chain = connection.getServerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate presented)) {
            throw new SSLPeerUnverifiedException("The server at " + url + " presented no certificate");
        }
        String thumbprint = thumbprint(presented);
        if (!sameThumbprint(thumbprint, expectedSha256)) {
            SSLPeerUnverifiedException refused = new SSLPeerUnverifiedException("Pinned certificate mismatch");
            refused.initCause(new CertificateChangedException(url, expectedSha256, thumbprint));
            throw refused;
        }
    }

    /** A TLS context of its own (own session cache) that trusts what {@code trust} trusts. */
    public static SSLContext context(TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    private static URI parse(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new HypervisorException(Kind.UNREACHABLE, "'" + url + "' is not a valid URL (e.g. https://vc.example.com/sdk).", e);
        }
    }

    /** The server presented another certificate than the pinned one. */
    public static final class CertificateChangedException extends CertificateException {
        CertificateChangedException(String url, String expected, String presented) {
            super("The certificate of " + url + " has changed (SHA-256 now " + presented + ", trusted " + expected
                    + "). Lifeboat stopped using this site: a provider administrator must check the new certificate and"
                    + " trust it on the Sites page.");
        }
    }

    @FunctionalInterface
    private interface ChainCheck {
        void check(X509Certificate[] chain) throws CertificateException;
    }

    /**
     * Extended, so the JDK adds no host name check of its own: a pin names the very certificate, which is stronger, and a
     * vCenter's self-signed certificate often names another host than the one in its URL.
     */
    private static final class Trust extends X509ExtendedTrustManager {

        private final ChainCheck check;

        Trust(ChainCheck check) {
            this.check = check;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateEncodingException("The server sent no certificate");
            }
            check.check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

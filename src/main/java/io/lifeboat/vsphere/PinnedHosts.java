package io.lifeboat.vsphere;

import java.net.Socket;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The one trust manager yavijava gets for every pinned site. yavijava builds the SSL context for a custom trust manager
 * once per JVM and keeps the first one it was given (CustomSSLTrustContextCreator), so a trust manager per site would
 * silently apply the first site's pin to all. This one looks up the pin of the host and port being connected to.
 * A host and port has one pin at a time: the last one registered.
 */
final class PinnedHosts extends X509ExtendedTrustManager {

    static final PinnedHosts INSTANCE = new PinnedHosts();

    private final Map<String, String> pins = new ConcurrentHashMap<>();

    private PinnedHosts() {
    }

    void pin(String url, String sha256) {
        pins.put(key(URI.create(url).getHost(), port(URI.create(url))), sha256);
    }

    private static int port(URI uri) {
        return uri.getPort() < 0 ? 443 : uri.getPort();
    }

    private static String key(String host, int port) {
        return host + ":" + port;
    }

    private void check(X509Certificate[] chain, SSLSession session) throws CertificateException {
        if (session == null || chain == null || chain.length == 0) {
            throw new CertificateException("No TLS session or certificate to check");
        }
        String key = key(session.getPeerHost(), session.getPeerPort());
        String expected = pins.get(key);
        if (expected == null) {
            throw new CertificateException("No trusted certificate is pinned for " + key);
        }
        ServerCertificate.pinned("https://" + key, expected).checkServerTrusted(chain, "UNKNOWN");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("A pinned certificate needs the connection's host to check against");
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
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}

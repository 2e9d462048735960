package io.lifeboat.vsphere;

import io.lifeboat.hypervisor.ServerCertificate;
import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.hypervisor.DatastoreFile;
import io.lifeboat.hypervisor.HypervisorException;

import io.lifeboat.hypervisor.HypervisorException.Kind;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * The datastore file interface of vCenter/ESXi ({@code /folder/<path>?dcPath=<dc>&dsName=<ds>}) with HTTP basic
 * auth. Streams both ways: neither direction holds a whole file in memory.
 *
 * <p>Uses {@link HttpURLConnection} (fixed-length streaming uploads, 1 MiB copy buffer) rather than the JDK's
 * {@code HttpClient}: measured on loopback against the simulator, HttpClient's stream adapters moved ~200-380 MB/s
 * where HttpURLConnection moves ~800-1000 MB/s, and bulk disk copies are what this class is for. Connections are
 * kept alive and reused by the JDK.
 */
final class DatastoreTransfer {

    private static final int BUFFER = 1 << 20;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 120_000;

    private final SiteEndpoint endpoint;
    private final String authorization;
    private final SSLContext tls; // null: the JDK's defaults (plain http, or a CA-signed certificate)

    DatastoreTransfer(SiteEndpoint endpoint) {
        this.endpoint = endpoint;
        this.tls = endpoint.trustAllCertificates() ? ServerCertificate.context(trustAll())
                : pinned() ? ServerCertificate.context(ServerCertificate.pinned(endpoint.url(), endpoint.certificateSha256()))
                : null;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (endpoint.username() + ":" + endpoint.password()).getBytes(StandardCharsets.UTF_8));
    }

    InputStream download(String datacenter, DatastoreFile file, long offset) {
        HttpURLConnection connection = open(datacenter, file);
        if (offset > 0) {
            connection.setRequestProperty("Range", "bytes=" + offset + "-");
        }
        try {
            connectPinned(connection);
        } catch (ConnectException e) {
            throw unreachable(e);
        } catch (IOException e) {
            throw refused(connection, e, "download " + file.datastorePath());
        }
        int status = status(connection, file, "download");
        if (status == 200 || status == 206) {
            try {
                InputStream body = connection.getInputStream();
                if (offset > 0 && status == 200) { // server ignored the range: skip to it ourselves
                    body.skipNBytes(offset);
                }
                return body;
            } catch (IOException e) {
                throw new HypervisorException(Kind.UNREACHABLE, "Lost the connection to vSphere at " + endpoint.url()
                        + " while downloading " + file.datastorePath() + ": " + e.getMessage(), e);
            }
        }
        connection.disconnect();
        throw failure(status, file, "download");
    }

    void upload(String datacenter, DatastoreFile file, InputStream data, long length) {
        HttpURLConnection connection = open(datacenter, file);
        try {
            connection.setRequestMethod("PUT");
        } catch (java.net.ProtocolException e) {
            throw new IllegalStateException(e);
        }
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(length);
        connection.setRequestProperty("Content-Type", "application/octet-stream");
        try {
            connectPinned(connection);
        } catch (ConnectException e) {
            throw unreachable(e);
        } catch (IOException e) {
            throw refused(connection, e, "upload " + file.datastorePath());
        }
        try (OutputStream out = connection.getOutputStream()) {
            byte[] buffer = new byte[BUFFER];
            long left = length;
            while (left > 0) {
                int n = data.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("the data ended " + left + " bytes short of " + length);
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        } catch (ConnectException e) {
            throw unreachable(e);
        } catch (IOException e) {
            connection.disconnect();
            HypervisorException untrusted = VimClient.untrusted(endpoint, e);
            if (untrusted != null) {
                throw untrusted;
            }
            throw new HypervisorException(Kind.UNREACHABLE, "Could not upload " + file.datastorePath() + " to vSphere at "
                    + endpoint.url() + ": " + e.getMessage(), e);
        }
        int status = status(connection, file, "upload");
        if (status != 200 && status != 201 && status != 204) {
            throw failure(status, file, "upload");
        }
        try (InputStream drained = connection.getInputStream()) {
            drained.transferTo(OutputStream.nullOutputStream()); // lets the connection be reused
        } catch (IOException ignored) {
            // the upload succeeded; a reply we cannot read only costs the connection
        }
    }

    private boolean pinned() {
        return !endpoint.trustAllCertificates() && endpoint.certificateSha256() != null;
    }

    /**
     * Connects (TLS handshake included) and, for a pinned endpoint, checks the certificate before the request, with its
     * credentials, is sent: a resumed TLS session skips the trust manager, this check it cannot skip.
     */
    private void connectPinned(HttpURLConnection connection) throws IOException {
        connection.connect();
        if (pinned() && connection instanceof HttpsURLConnection https) {
            ServerCertificate.requirePinned(endpoint.url(), endpoint.certificateSha256(), https);
        }
    }

    private HypervisorException refused(HttpURLConnection connection, IOException e, String what) {
        connection.disconnect();
        HypervisorException untrusted = VimClient.untrusted(endpoint, e);
        return untrusted != null ? untrusted : new HypervisorException(Kind.UNREACHABLE, "Could not " + what
                + " at " + endpoint.url() + ": " + e.getMessage(), e);
    }

    private HttpURLConnection open(String datacenter, DatastoreFile file) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri(datacenter, file).toURL().openConnection();
            if (tls != null && connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tls.getSocketFactory());
                // the pinned thumbprint names this very certificate, which is stronger than a host name match
                https.setHostnameVerifier((host, session) -> true);
            }
            connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
            connection.setReadTimeout(READ_TIMEOUT_MS);
            connection.setUseCaches(false);
            connection.setRequestProperty("Authorization", authorization);
            return connection;
        } catch (IOException e) {
            throw new IllegalArgumentException("Bad datastore path " + file.datastorePath(), e);
        }
    }

    private int status(HttpURLConnection connection, DatastoreFile file, String what) {
        try {
            return connection.getResponseCode();
        } catch (ConnectException e) {
            throw unreachable(e);
        } catch (IOException e) {
            connection.disconnect();
            HypervisorException untrusted = VimClient.untrusted(endpoint, e);
            if (untrusted != null) {
                throw untrusted;
            }
            throw new HypervisorException(Kind.UNREACHABLE, "Could not " + what + " " + file.datastorePath() + " at "
                    + endpoint.url() + ": " + e.getMessage(), e);
        }
    }

    private HypervisorException unreachable(ConnectException e) {
        return new HypervisorException(Kind.UNREACHABLE, "Cannot reach vSphere at " + endpoint.url()
                + ": connection refused. Check that the vCenter is running and the URL is right.", e);
    }

    private HypervisorException failure(int status, DatastoreFile file, String what) {
        return switch (status) {
            case 401, 403 -> new HypervisorException(Kind.AUTHENTICATION, "vSphere at " + endpoint.url()
                    + " refused the credentials of '" + endpoint.username() + "' for datastore files.");
            case 404 -> new HypervisorException(Kind.NOT_FOUND, "There is no file " + file.datastorePath() + " at " + endpoint.url() + ".");
            default -> new HypervisorException(Kind.TASK_FAILED, "The " + what + " of " + file.datastorePath()
                    + " failed with HTTP " + status + ".");
        };
    }

    private URI uri(String datacenter, DatastoreFile file) {
        URI base = URI.create(endpoint.url());
        try {
            return new URI(base.getScheme(), null, base.getHost(), base.getPort(), "/folder/" + file.path(),
                    "dcPath=" + datacenter + "&dsName=" + file.datastore(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Bad datastore path " + file.datastorePath(), e);
        }
    }

    private static TrustManager trustAll() {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }
}

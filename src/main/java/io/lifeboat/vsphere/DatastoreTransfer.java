package io.lifeboat.vsphere;

import io.lifeboat.vsphere.HypervisorException.Kind;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;

/**
 * The datastore file interface of vCenter/ESXi ({@code /folder/<path>?dcPath=<dc>&dsName=<ds>}) with HTTP basic
 * auth. Streams both ways: neither direction holds a whole file in memory.
 */
final class DatastoreTransfer {

    private final SiteEndpoint endpoint;
    private final HttpClient http;
    private final String authorization;

    DatastoreTransfer(SiteEndpoint endpoint) {
        this.endpoint = endpoint;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1);
        if (endpoint.trustAllCertificates()) {
            builder.sslContext(trustAll());
        }
        this.http = builder.build();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (endpoint.username() + ":" + endpoint.password()).getBytes(StandardCharsets.UTF_8));
    }

    InputStream download(String datacenter, DatastoreFile file, long offset) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(datacenter, file)).GET()
                .header("Authorization", authorization);
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response = send(request.build(), HttpResponse.BodyHandlers.ofInputStream(), file, "download");
        int status = response.statusCode();
        if (status == 200 || status == 206) {
            if (offset > 0 && status == 200) { // server ignored the range: skip to it ourselves
                try {
                    response.body().skipNBytes(offset);
                } catch (IOException e) {
                    throw new HypervisorException(Kind.UNREACHABLE, "Lost the connection while downloading " + file.datastorePath(), e);
                }
            }
            return response.body();
        }
        closeQuietly(response.body());
        throw failure(status, file, "download");
    }

    void upload(String datacenter, DatastoreFile file, InputStream data, long length) {
        HttpRequest request = HttpRequest.newBuilder(uri(datacenter, file))
                .header("Authorization", authorization)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> data), length))
                .build();
        HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding(), file, "upload");
        int status = response.statusCode();
        if (status != 200 && status != 201 && status != 204) {
            throw failure(status, file, "upload");
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, DatastoreFile file, String what) {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            throw new HypervisorException(Kind.UNREACHABLE, "Cannot reach vSphere at " + endpoint.url()
                    + ": connection refused. Check that the vCenter is running and the URL is right.", e);
        } catch (IOException e) {
            throw new HypervisorException(Kind.UNREACHABLE, "Could not " + what + " " + file.datastorePath() + " at "
                    + endpoint.url() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorException(Kind.TIMEOUT, "Interrupted during the " + what + " of " + file.datastorePath(), e);
        }
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

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{new X509TrustManager() {
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
            }}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.lifeboat.webhooks;

import io.lifeboat.shared.DaemonThreads;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * POSTs webhooks without waiting for them: the outcome arrives later, and a slow or hanging receiver holds up no other.
 * It connects only to addresses {@link WebhookDestinations} resolved and allowed, and follows no redirect (which could
 * point anywhere).
 */
@Component
class WebhookSender {

    // The JDK's client had no limit; a pool's limit only needs to keep sends to one busy receiver from making the rest wait.
    private static final int CONNECTIONS_PER_RECEIVER = 50;
    private static final int CONNECTIONS = 500;
    private static final ContentType JSON = ContentType.create("application/json");

    private final CloseableHttpAsyncClient http;
    /** Where each send starts, looking its receiver's name up; idle threads end after a minute. */
    private final ExecutorService connecting = DaemonThreads.cachedPool("webhook-connect");

    WebhookSender(WebhookDestinations destinations, @Value("${lifeboat.webhooks.timeout:PT10S}") Duration timeout) {
        Timeout limit = Timeout.of(timeout);
        this.http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(destinations)
                        .setTlsStrategy(DefaultClientTlsStrategy.createSystemDefault())   // the JVM's trust store, as the JDK's client
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).build())
                        .setMaxConnPerRoute(CONNECTIONS_PER_RECEIVER)
                        .setMaxConnTotal(CONNECTIONS)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).setConnectionRequestTimeout(limit).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()   // the dispatcher retries, with its delays
                .disableCookieManagement()
                .build();
        http.start();
    }

    /**
     * POSTs {@code body} (JSON) with {@code headers}.
     *
     * @return completes with the response's status, whatever it is, or exceptionally when none came (refused address,
     *         connection failed, timeout); completed on the client's I/O thread, so callers continue elsewhere
     */
    CompletableFuture<Integer> post(URI url, Map<String, String> headers, String body) {
        SimpleRequestBuilder request = SimpleRequestBuilder.post(url).setBody(body.getBytes(StandardCharsets.UTF_8), JSON);
        headers.forEach(request::addHeader);
        CompletableFuture<Integer> status = new CompletableFuture<>();
        // the client may resolve the name on the calling thread (a connection free in the pool): a receiver whose name
        // server hangs would hold the dispatcher, and every other tenant's deliveries, for the lookup's timeout
        connecting.execute(() -> http.execute(SimpleRequestProducer.create(request.build()), new BasicResponseConsumer<>(new DiscardingEntityConsumer<>()),
                new FutureCallback<Message<HttpResponse, Void>>() {
                    @Override
                    public void completed(Message<HttpResponse, Void> response) {
                        status.complete(response.getHead().getCode());
                    }

                    @Override
                    public void failed(Exception error) {
                        status.completeExceptionally(error);
                    }

                    @Override
                    public void cancelled() {
                        status.cancel(false);
                    }
                }));
        return status;
    }

    @PreDestroy
    void close() {
        connecting.shutdownNow();
        http.close(CloseMode.IMMEDIATE);
    }
}

package io.lifeboat.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sender's HTTP requests, to receivers on loopback only: delivered where private addresses are allowed, and never
 * sent where they are not, whether the URL names the address or a name that resolves to it.
 */
class WebhookSenderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void with_private_addresses_allowed_a_post_reaches_a_receiver_on_loopback_and_a_hanging_one_holds_up_no_other() throws Exception {
        WebhookSender sender = new WebhookSender(new WebhookDestinations(true), TIMEOUT);
        CountDownLatch release = new CountDownLatch(1);
        try (WebhookReceiver receiver = new WebhookReceiver(() -> 204);
             WebhookReceiver hanging = new WebhookReceiver(() -> {
                 awaitQuietly(release);
                 return 204;
             })) {
            var held = sender.post(URI.create(hanging.url()), Map.of("Lifeboat-Event", "tunnel.up"), "{}");
            int status = sender.post(URI.create(receiver.url()), Map.of("Lifeboat-Event", "vm.reachable", WebhookSignature.HEADER, "t=1,v1=ab"),
                    "{\"event\":\"vm.reachable\"}").get(5, TimeUnit.SECONDS);

            assertThat(status).isEqualTo(204);
            assertThat(held).isNotDone();
            assertThat(receiver.received()).containsExactly(new WebhookReceiver.Received("vm.reachable", "t=1,v1=ab", "{\"event\":\"vm.reachable\"}"));
            release.countDown();
            assertThat(held.get(5, TimeUnit.SECONDS)).isEqualTo(204);
        } finally {
            release.countDown();
            sender.close();
        }
    }

    @Test
    void without_private_addresses_nothing_is_sent_to_loopback_by_address_or_by_a_name_that_resolves_there() throws Exception {
        WebhookSender sender = new WebhookSender(new WebhookDestinations(false), TIMEOUT);
        try (WebhookReceiver receiver = new WebhookReceiver(() -> 204)) {
            for (String url : new String[]{receiver.url(), receiver.url().replace("127.0.0.1", "localhost")}) {
                var post = sender.post(URI.create(url), Map.of("Lifeboat-Event", "vm.reachable"), "{}");
                assertThatThrownBy(() -> post.get(5, TimeUnit.SECONDS)).as(url).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(WebhookDestinations.InternalAddressRefused.class).hasMessageContaining("internal address");
            }
            assertThat(receiver.received()).isEmpty();
        } finally {
            sender.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.lifeboat.webhooks;

/** An endpoint just registered, with its signing secret: shown this once, to configure the receiver. */
public record RegisteredWebhook(WebhookEndpointInfo endpoint, String secret) {

    @Override
    public String toString() {
        return "RegisteredWebhook[" + endpoint + "]"; // never the secret
    }
}

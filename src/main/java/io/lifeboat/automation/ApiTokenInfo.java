package io.lifeboat.automation;

import java.time.Instant;

/** An API token as its owner sees it on the page: never the secret, which is shown once at creation only. */
public record ApiTokenInfo(long id, String name, String prefix, ApiTokenScope scope, Instant createdAt, Instant expiresAt,
                           Instant lastUsedAt, String status) {
}

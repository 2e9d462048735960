package io.lifeboat.tenancy;

import java.time.Instant;

/** What an identity provider let {@code username} do at their latest sign-in, and when that was. */
public record IdentityProviderAccess(String username, Role role, Long tenantId, Instant signedInAt) {
}

package io.lifeboat.tenancy;

import java.time.Instant;

/** A local account as the Users page lists it. {@code passwordSet} is false until the user has used their link. */
public record UserRow(String username, Role role, Long tenantId, String tenantName, boolean enabled, boolean passwordSet,
                      Instant lastLoginAt, String createdBy) {
}

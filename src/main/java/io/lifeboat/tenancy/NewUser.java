package io.lifeboat.tenancy;

/** A local account to create: {@code tenantName} for tenant roles (ignored for a tenant operator: always their own). */
public record NewUser(String username, Role role, String tenantName) {
}

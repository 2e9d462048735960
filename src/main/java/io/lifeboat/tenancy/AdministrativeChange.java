package io.lifeboat.tenancy;

/**
 * A change to the provider's set-up (a site, a tenant, an account) made by {@code actor}, published inside the change's
 * transaction: the task log records it (and an audit log may), and it is gone with the change if that rolls back.
 * {@code tenantId} is the tenant it concerns, so that tenant's users see it too; null for provider-wide changes.
 */
public record AdministrativeChange(String actor, Long tenantId, String title, String detail) {
}

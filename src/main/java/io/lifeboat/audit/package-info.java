/**
 * The audit log: every action a user takes through the portal or the API (who, tenant, what, target, outcome, source
 * address, token or session), appended by an aspect around service methods marked {@link io.lifeboat.audit.Audited},
 * and every change to the provider's set-up ({@link io.lifeboat.tenancy.AdministrativeChange}) once it has committed.
 * Rows are never updated; each carries the SHA-256 of the previous row's hash and its own content, so a changed or
 * deleted row is found by {@link io.lifeboat.audit.AuditLog#verify()}. Tenants read their own rows, the provider all.
 */
package io.lifeboat.audit;

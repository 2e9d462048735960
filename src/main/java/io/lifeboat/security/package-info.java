/**
 * Security: Spring Security for the portal. Local accounts (BCrypt) are the embedded default; the
 * authenticated principal carries the user's {@link io.lifeboat.tenancy.TenantContext}, which
 * {@link io.lifeboat.tenancy.CurrentTenant} hands to every service.
 */
package io.lifeboat.security;

/**
 * Security: Spring Security for the portal. Local accounts (BCrypt) are the embedded default; the Spring profile
 * {@code oidc} logs users in through Keycloak instead ({@link io.lifeboat.security.OidcSecurityConfiguration}: tenant
 * from the token's organisation, verified against Lifeboat's tenants). Either way the authenticated principal carries
 * the user's {@link io.lifeboat.tenancy.TenantContext}, which {@link io.lifeboat.tenancy.CurrentTenant} hands to every
 * service.
 */
package io.lifeboat.security;

package io.lifeboat.security;

import io.lifeboat.tenancy.NoAccessException;
import io.lifeboat.tenancy.NoAccessReason;
import io.lifeboat.tenancy.Role;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.tenancy.TenantSummary;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the claims of a verified ID token into a {@link TenantContext}. Pure: the tenant lookup is passed in.
 *
 * <ul>
 *   <li>Roles: the {@code roles} claim (Keycloak realm roles named like {@link Role}). {@code PROVIDER_ADMIN} wins and
 *       needs no tenant; otherwise {@code TENANT_OPERATOR} beats {@code TENANT_VIEWER}.</li>
 *   <li>Tenant: the {@code organization} claim (Keycloak Organizations; a list of aliases, or a map keyed by alias when
 *       the mapper adds ids or attributes). Exactly one organisation, and it must be a tenant in Lifeboat's own
 *       tenant table: the identity provider says who the user is, Lifeboat decides what that user may see.</li>
 * </ul>
 *
 * @throws NoAccessException (from {@link #resolve}) with the reason when the login grants no access
 */
final class OidcTenantResolver {

    static final String ROLES_CLAIM = "roles";
    static final String ORGANIZATION_CLAIM = "organization";

    private final Function<String, Optional<TenantSummary>> tenantByName;

    OidcTenantResolver(Function<String, Optional<TenantSummary>> tenantByName) {
        this.tenantByName = tenantByName;
    }

    TenantContext resolve(String username, Map<String, Object> claims) {
        List<String> roles = strings(claims.get(ROLES_CLAIM));
        if (roles.contains(Role.PROVIDER_ADMIN.name())) {
            return new TenantContext(username, Role.PROVIDER_ADMIN, null, null);
        }
        Role role = roles.contains(Role.TENANT_OPERATOR.name()) ? Role.TENANT_OPERATOR
                : roles.contains(Role.TENANT_VIEWER.name()) ? Role.TENANT_VIEWER : null;
        List<String> organizations = organizations(claims.get(ORGANIZATION_CLAIM));
        if (organizations.isEmpty()) {
            throw new NoAccessException(NoAccessReason.NO_TENANT, username + " has no organisation in the token");
        }
        if (organizations.size() > 1) {
            throw new NoAccessException(NoAccessReason.SEVERAL_TENANTS, username + " is in " + organizations);
        }
        if (role == null) {
            throw new NoAccessException(NoAccessReason.NO_ROLE, username + " has roles " + roles);
        }
        String alias = organizations.get(0);
        TenantSummary tenant = tenantByName.apply(alias).filter(TenantSummary::enabled) // a disabled tenant is no tenant for login
                .orElseThrow(() -> new NoAccessException(NoAccessReason.UNKNOWN_TENANT, "no tenant named " + alias));
        return new TenantContext(username, role, tenant.id(), tenant.name());
    }

    /** Whether the claims give none of Lifeboat's roles, whatever the organisation (roles are the realm's, not a tenant's). */
    static boolean grantsNoRole(Map<String, Object> claims) {
        List<String> roles = strings(claims.get(ROLES_CLAIM));
        return java.util.Arrays.stream(Role.values()).noneMatch(role -> roles.contains(role.name()));
    }

    private static List<String> organizations(Object claim) {
        if (claim instanceof Map<?, ?> byAlias) {
            return byAlias.keySet().stream().map(String::valueOf).toList();
        }
        return strings(claim);
    }

    private static List<String> strings(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String single && !single.isBlank()) {
            return List.of(single);
        }
        return List.of();
    }
}

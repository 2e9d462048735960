package io.lifeboat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.NoAccessException;
import io.lifeboat.tenancy.NoAccessReason;
import io.lifeboat.tenancy.Role;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.tenancy.TenantSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How token claims become a tenant context, without Keycloak: the tenant is checked against Lifeboat's own tenants. */
class OidcTenantResolverTest {

    private static final TenantSummary ACME = new TenantSummary(7, "acme", "ACME Corporation", new HardwarePlan(8, 16384), true, null);

    private final OidcTenantResolver resolver = new OidcTenantResolver(name -> name.equals("acme") ? Optional.of(ACME) : Optional.empty());

    @Test
    void an_operator_of_a_known_organisation_gets_that_tenant() {
        TenantContext context = resolver.resolve("alice", Map.of("roles", List.of("TENANT_OPERATOR", "offline_access"), "organization", List.of("acme")));
        assertThat(context).isEqualTo(new TenantContext("alice", Role.TENANT_OPERATOR, 7L, "acme"));
    }

    @Test
    void the_organisation_claim_may_be_a_map_keyed_by_alias() {
        TenantContext context = resolver.resolve("victor", Map.of("roles", List.of("TENANT_VIEWER"), "organization", Map.of("acme", Map.of("id", "x"))));
        assertThat(context.role()).isEqualTo(Role.TENANT_VIEWER);
        assertThat(context.tenantId()).isEqualTo(7L);
    }

    /** A provider administrator has no organisation: with her roles gone she is refused for that first, yet has no role. */
    @Test
    void claims_without_any_lifeboat_role_are_told_apart_whatever_the_organisation() {
        assertThat(OidcTenantResolver.grantsNoRole(Map.of("roles", List.of("offline_access")))).isTrue();
        assertThat(OidcTenantResolver.grantsNoRole(Map.of("organization", List.of("acme")))).isTrue();
        assertThat(OidcTenantResolver.grantsNoRole(Map.of("roles", List.of("PROVIDER_ADMIN")))).isFalse();
        assertThat(OidcTenantResolver.grantsNoRole(Map.of("roles", "TENANT_VIEWER"))).isFalse();
    }

    @Test
    void operator_wins_over_viewer() {
        assertThat(resolver.resolve("a", Map.of("roles", List.of("TENANT_VIEWER", "TENANT_OPERATOR"), "organization", List.of("acme"))).role())
                .isEqualTo(Role.TENANT_OPERATOR);
    }

    @Test
    void the_provider_admin_needs_no_tenant_and_gets_none_even_with_an_organisation() {
        TenantContext context = resolver.resolve("paula", Map.of("roles", List.of("PROVIDER_ADMIN"), "organization", List.of("acme")));
        assertThat(context).isEqualTo(new TenantContext("paula", Role.PROVIDER_ADMIN, null, null));
    }

    @Test
    void no_organisation_means_no_access() {
        assertRefused(Map.of("roles", List.of("TENANT_OPERATOR")), NoAccessReason.NO_TENANT);
    }

    @Test
    void an_organisation_that_is_not_a_lifeboat_tenant_means_no_access() {
        assertRefused(Map.of("roles", List.of("TENANT_OPERATOR"), "organization", List.of("initech")), NoAccessReason.UNKNOWN_TENANT);
    }

    @Test
    void several_organisations_are_refused_rather_than_guessed() {
        assertRefused(Map.of("roles", List.of("TENANT_OPERATOR"), "organization", List.of("acme", "globex")), NoAccessReason.SEVERAL_TENANTS);
    }

    @Test
    void no_lifeboat_role_means_no_access_even_with_a_tenant() {
        assertRefused(Map.of("roles", List.of("offline_access"), "organization", List.of("acme")), NoAccessReason.NO_ROLE);
        assertRefused(Map.of("organization", List.of("acme")), NoAccessReason.NO_ROLE);
    }

    private void assertRefused(Map<String, Object> claims, NoAccessReason reason) {
        assertThatThrownBy(() -> resolver.resolve("someone", claims))
                .isInstanceOfSatisfying(NoAccessException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}

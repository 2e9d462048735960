package io.lifeboat.tenancy;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import java.time.Instant;

/** A local account (embedded default). With OIDC the identity provider holds the accounts instead. */
@Entity
class UserAccount {

    @Id
    @GeneratedValue(generator = "user_account_seq")
    @SequenceGenerator(name = "user_account_seq", allocationSize = 50)
    private Long id;
    private String username;
    private String passwordHash;
    @Enumerated(EnumType.STRING)
    private Role role;
    @ManyToOne
    @JoinColumn(name = "tenant_id")
    private Tenant tenant;
    private boolean enabled;
    private Instant lastLoginAt;
    private String createdBy;

    protected UserAccount() {
    }

    UserAccount(String username, String passwordHash, Role role, Tenant tenant) {
        if (role.isTenantRole() != (tenant != null)) {
            throw new IllegalArgumentException("Tenant roles need a tenant and the provider role must not have one");
        }
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.tenant = tenant;
        this.enabled = true;
    }

    String getUsername() {
        return username;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    Role getRole() {
        return role;
    }

    Tenant getTenant() {
        return tenant;
    }

    boolean isEnabled() {
        return enabled;
    }

    Instant getLastLoginAt() {
        return lastLoginAt;
    }

    String getCreatedBy() {
        return createdBy;
    }

    void createdBy(String actor) {
        this.createdBy = actor;
    }

    void loggedInAt(Instant at) {
        this.lastLoginAt = at;
    }

    void changePassword(String newHash) {
        this.passwordHash = newHash;
    }

    void changeRole(Role newRole) {
        if (newRole.isTenantRole() != (tenant != null)) {
            throw new InvalidInputException("role", tenant == null
                    ? "A provider account keeps the provider role; create a tenant account instead."
                    : "A tenant's account can only have a tenant role.");
        }
        this.role = newRole;
    }

    void enable(boolean enabled) {
        this.enabled = enabled;
    }

    UserRow row() {
        return new UserRow(username, role, tenant == null ? null : tenant.getId(), tenant == null ? null : tenant.getName(),
                enabled, passwordHash != null, lastLoginAt, createdBy);
    }
}

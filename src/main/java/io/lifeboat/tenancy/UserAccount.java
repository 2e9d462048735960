package io.lifeboat.tenancy;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;

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
}

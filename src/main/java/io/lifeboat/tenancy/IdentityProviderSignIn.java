package io.lifeboat.tenancy;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

/** The access an identity provider gave a user at their latest sign-in to one tenant (none: as the provider). */
@Entity
class IdentityProviderSignIn {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String username;
    private Long tenantId;
    @Enumerated(EnumType.STRING)
    private Role role;
    private Instant signedInAt;

    protected IdentityProviderSignIn() {
    }

    IdentityProviderSignIn(String username, Long tenantId) {
        this.username = username;
        this.tenantId = tenantId;
    }

    void signedIn(Role role, Instant at) {
        this.role = role;
        this.signedInAt = at;
    }

    IdentityProviderAccess view() {
        return new IdentityProviderAccess(username, role, tenantId, signedInAt);
    }
}

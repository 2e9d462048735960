package io.lifeboat.tenancy;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;

/** The access an identity provider gave a user at their latest sign-in to one tenant (none: as the provider). */
@Entity
class IdentityProviderSignIn {

    @Id
    private String signInKey;
    private String username;
    private Long tenantId;
    @Enumerated(EnumType.STRING)
    private Role role;
    private Instant signedInAt;

    protected IdentityProviderSignIn() {
    }

    IdentityProviderSignIn(String username, Long tenantId) {
        this.signInKey = key(username, tenantId);
        this.username = username;
        this.tenantId = tenantId;
    }

    /** One row per user and tenant: a primary key, since a unique pair with a null tenant would allow two. */
    static String key(String username, Long tenantId) {
        return (tenantId == null ? "provider" : tenantId.toString()) + "/" + username;
    }

    void signedIn(Role role, Instant at) {
        this.role = role;
        this.signedInAt = at;
    }

    IdentityProviderAccess view() {
        return new IdentityProviderAccess(username, role, tenantId, signedInAt);
    }
}

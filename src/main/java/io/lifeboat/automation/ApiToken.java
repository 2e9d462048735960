package io.lifeboat.automation;

import io.lifeboat.tenancy.Role;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import java.time.Duration;
import java.time.Instant;

/** A stored API token: the owner it acts for, its scope and lifetime, and only the SHA-256 of its secret. */
@Entity
class ApiToken {

    /** last_used_at is written at most this often, so that a busy script does not turn every read into a write. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    @Id
    @GeneratedValue(generator = "api_token_seq")
    @SequenceGenerator(name = "api_token_seq", allocationSize = 50)
    private Long id;
    private String prefix;
    private String secretHash;
    private String name;
    private String username;
    @Enumerated(EnumType.STRING)
    private Role role;
    private Long tenantId;
    @Enumerated(EnumType.STRING)
    private ApiTokenScope scope;
    private Instant createdAt;
    private Instant expiresAt;
    private Instant lastUsedAt;
    private Instant revokedAt;

    protected ApiToken() {
    }

    ApiToken(String prefix, String secretHash, String name, String username, Role role, Long tenantId, ApiTokenScope scope, Instant now,
             Instant expiresAt) {
        this.prefix = prefix;
        this.secretHash = secretHash;
        this.name = name;
        this.username = username;
        this.role = role;
        this.tenantId = tenantId;
        this.scope = scope;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    boolean isValidAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    void usedAt(Instant now) {
        if (lastUsedAt == null || lastUsedAt.plus(LAST_USED_RESOLUTION).isBefore(now)) {
            lastUsedAt = now;
        }
    }

    void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    ApiTokenInfo view(Instant now) {
        String status = revokedAt != null ? "Revoked" : now.isBefore(expiresAt) ? "Active" : "Expired";
        return new ApiTokenInfo(id, name, prefix, scope, createdAt, expiresAt, lastUsedAt, status);
    }

    Long getId() {
        return id;
    }

    String getPrefix() {
        return prefix;
    }

    String getSecretHash() {
        return secretHash;
    }

    String getUsername() {
        return username;
    }

    Role getRole() {
        return role;
    }

    Long getTenantId() {
        return tenantId;
    }

    ApiTokenScope getScope() {
        return scope;
    }
}

package io.lifeboat.tenancy;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;

/** A one-time link's token, stored as its SHA-256 only: the database never holds a usable link. */
@Entity
class OneTimeToken {

    enum Purpose { FIRST_ADMINISTRATOR, SET_PASSWORD }

    @Id
    private String tokenSha256;
    @Enumerated(EnumType.STRING)
    private Purpose purpose;
    private String username;
    private Instant createdAt;
    private Instant expiresAt;

    protected OneTimeToken() {
    }

    OneTimeToken(String tokenSha256, Purpose purpose, String username, Instant createdAt, Instant expiresAt) {
        this.tokenSha256 = tokenSha256;
        this.purpose = purpose;
        this.username = username;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    Purpose getPurpose() {
        return purpose;
    }

    String getUsername() {
        return username;
    }

    boolean isValidAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}

package io.lifeboat.network;

import io.lifeboat.appliance.NeaRole;
import java.time.Duration;
import java.time.Instant;

/**
 * The control certificate one of a network's NEAs last connected with (ADR 0014): when it {@code expires};
 * {@code notRenewed}: it expires within {@link #RENEWAL_OVERDUE} although NEAs renew theirs at two thirds of its life;
 * {@code expired}: the gateway refuses it, so the NEA connects again only once it has enrolled with a new token, which
 * a new clone of its VM ({@code vmName}) gets.
 */
public record NeaCertificate(NeaRole role, Instant expires, boolean notRenewed, boolean expired, String vmName) {

    /** As for gateway hosts: a certificate of 397 days renews 132 days before it expires, so 30 days before it failed long. */
    static final Duration RENEWAL_OVERDUE = GatewayHostService.RENEWAL_OVERDUE;

    /** The certificate of the NEA of {@code role}, as it stands at {@code now}. */
    static NeaCertificate of(NeaRole role, Instant expires, String vmName, Instant now) {
        boolean expired = !expires.isAfter(now);
        return new NeaCertificate(role, expires, !expired && expires.isBefore(now.plus(RENEWAL_OVERDUE)), expired, vmName);
    }
}

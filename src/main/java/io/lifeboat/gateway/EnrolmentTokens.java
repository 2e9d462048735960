package io.lifeboat.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time enrolment tokens: each binds one appliance id until it expires and works once. Only SHA-256 hashes are
 * kept, so neither a log nor a dump of this object gives a usable token. A used token stays known (as used), so a
 * second use is refused as reuse, not as unknown; the one exception is a retry with the very key it was first spent
 * for (the appliance's first answer was lost), which must not lock the appliance out.
 */
public final class EnrolmentTokens {

    private record Grant(String applianceId, Instant expires, Instant usedAt, String usedForKey) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Clock clock;

    public EnrolmentTokens(Clock clock) {
        this.clock = clock;
    }

    public EnrolmentTokens() {
        this(Clock.systemUTC());
    }

    /** A fresh token for {@code applianceId}, valid for {@code ttl}. */
    public String issue(String applianceId, Duration ttl) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        register(token, applianceId, clock.instant().plus(ttl));
        return token;
    }

    /** Accepts a token made elsewhere (the portal writes one into each NEA VM's guestinfo). */
    public void register(String token, String applianceId, Instant expires) {
        grants.put(hash(token), new Grant(applianceId, expires, null, null));
    }

    /**
     * Spends {@code token} for {@code applianceId} and the key whose SHA-256 is {@code keyFingerprint}.
     *
     * @throws ControlRefusal saying why when the token is unknown, used (for another key), expired or another appliance's
     */
    public synchronized void redeem(String token, String applianceId, String keyFingerprint) throws ControlRefusal {
        String key = hash(token == null ? "" : token);
        Grant g = grants.get(key);
        Instant now = clock.instant();
        if (g == null) {
            throw new ControlRefusal("unknown enrolment token");
        }
        if (g.usedAt() != null && g.applianceId().equals(applianceId) && keyFingerprint.equals(g.usedForKey())) {
            return;   // the same appliance asking again with the same key: its first answer was lost
        }
        if (g.usedAt() != null) {
            throw new ControlRefusal("enrolment token already used at " + g.usedAt());
        }
        if (!now.isBefore(g.expires())) {
            throw new ControlRefusal("enrolment token expired at " + g.expires());
        }
        if (!g.applianceId().equals(applianceId)) {
            throw new ControlRefusal("enrolment token was issued for another appliance");
        }
        grants.put(key, new Grant(g.applianceId(), g.expires(), now, keyFingerprint));
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

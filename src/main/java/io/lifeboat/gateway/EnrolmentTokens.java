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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time enrolment tokens: each binds one appliance id until it expires and works once. Only SHA-256 hashes are
 * kept, so neither a log nor a dump of this object gives a usable token. A used token stays known (as used), so a
 * second use is refused as reuse, not as unknown; the one exception is a retry with the very key it was first spent
 * for (the appliance's first answer was lost), which must not lock the appliance out.
 *
 * <p>The grants live in a {@link Ledger}: the portal's is its database, so a token written into an NEA VM's guestinfo
 * still works after the portal restarted; the default is memory only.
 */
public final class EnrolmentTokens {

    /** What a token (known by its hash) allows, and when and for which key it was spent. */
    /**
     * How long after its use a token is accepted again from the same appliance with the same key (its answer was lost).
     * Only that long: a host removed or replaced later, or a copy of its disk, kept the token and the key, and could
     * enrol again with them for as long as the token's row was kept.
     */
    static final Duration LOST_ANSWER_WINDOW = Duration.ofMinutes(10);

    public record Grant(String applianceId, Instant expires, Instant usedAt, String usedForKey) {
    }

    /** Where the grants are kept, by the token's SHA-256 (hex). */
    public interface Ledger {
        void put(String tokenHash, Grant grant);

        Optional<Grant> find(String tokenHash);

        /** Marks the grant used unless it was used already (by another node meanwhile); true when this call spent it. */
        boolean spend(String tokenHash, Instant usedAt, String usedForKey);
    }

    /** Grants in memory only. */
    public static final class MemoryLedger implements Ledger {
        private final Map<String, Grant> grants = new ConcurrentHashMap<>();

        @Override
        public void put(String tokenHash, Grant grant) {
            grants.put(tokenHash, grant);
        }

        @Override
        public Optional<Grant> find(String tokenHash) {
            return Optional.ofNullable(grants.get(tokenHash));
        }

        @Override
        public boolean spend(String tokenHash, Instant usedAt, String usedForKey) {
            Grant g = grants.get(tokenHash);
            return g != null && g.usedAt() == null
                    && grants.replace(tokenHash, g, new Grant(g.applianceId(), g.expires(), usedAt, usedForKey));
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Ledger grants;
    private final Clock clock;

    public EnrolmentTokens(Clock clock, Ledger grants) {
        this.clock = clock;
        this.grants = grants;
    }

    public EnrolmentTokens(Clock clock) {
        this(clock, new MemoryLedger());
    }

    public EnrolmentTokens(Ledger grants) {
        this(Clock.systemUTC(), grants);
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
        Grant g = grants.find(key).orElseThrow(() -> new ControlRefusal("unknown enrolment token"));
        Instant now = clock.instant();
        if (g.usedAt() != null && g.applianceId().equals(applianceId) && keyFingerprint.equals(g.usedForKey())
                && now.isBefore(g.expires()) && now.isBefore(g.usedAt().plus(LOST_ANSWER_WINDOW))) {
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
        if (!grants.spend(key, now, keyFingerprint)) {
            throw new ControlRefusal("enrolment token already used (at the same moment, through another node)");
        }
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

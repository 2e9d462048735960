package io.lifeboat.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Issues and redeems one-time tokens: 256 random bits, URL-safe; a token works once, then it is deleted. */
@Component
class OneTimeLinks {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final OneTimeTokenRepository tokens;
    private final Clock clock;

    OneTimeLinks(OneTimeTokenRepository tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Stores {@code token} (or a new random one when null) for the purpose and returns it; {@code validFor} null: until used. */
    String issue(OneTimeToken.Purpose purpose, String username, String token, Duration validFor) {
        String value = token != null ? token : newToken();
        var now = clock.instant();
        tokens.save(new OneTimeToken(sha256(value), purpose, username, now, validFor == null ? null : now.plus(validFor)));
        return value;
    }

    /** The token's record if it is valid for the purpose; does not use it up. */
    Optional<OneTimeToken> find(OneTimeToken.Purpose purpose, String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return tokens.findById(sha256(token))
                .filter(t -> t.getPurpose() == purpose && t.isValidAt(clock.instant()));
    }

    /** Uses the token up (deleted, it can never be redeemed again); false if someone else just did. */
    boolean redeem(String token) {
        return tokens.deleteBySha256(sha256(token)) == 1;
    }

    void revokeAll(OneTimeToken.Purpose purpose) {
        tokens.deleteByPurpose(purpose);
    }

    void revoke(OneTimeToken.Purpose purpose, String username) {
        tokens.deleteAll(tokens.findByPurposeAndUsername(purpose, username));
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

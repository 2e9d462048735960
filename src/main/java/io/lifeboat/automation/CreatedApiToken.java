package io.lifeboat.automation;

/** A token just created: {@code token} is the secret, shown to its owner this once and stored nowhere. */
public record CreatedApiToken(ApiTokenInfo details, String token) {

    @Override
    public String toString() {
        return "CreatedApiToken[" + details + "]"; // never the secret, not even in a log line
    }
}

package io.lifeboat.pki;

/**
 * One value sealed under the master key, as stored: {@code id} names it for people ("site provider-vc"),
 * {@code context} is the associated data it was sealed with.
 */
public record SealedSecret(String id, String context, String sealed) {
}

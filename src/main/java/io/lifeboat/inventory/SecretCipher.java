package io.lifeboat.inventory;

import io.lifeboat.pki.PrivateKeySealer;
import org.springframework.stereotype.Component;

/**
 * Encrypts site credentials at rest with the portal's master key (AES-256-GCM, the same sealer that protects the
 * tunnel keys), with the owner (e.g. {@code site:<name>}) as associated data: a sealed password cannot be moved to
 * another site.
 */
@Component
public class SecretCipher {

    private final PrivateKeySealer sealer;

    SecretCipher(PrivateKeySealer masterKeySealer) {
        this.sealer = masterKeySealer;
    }

    public String encrypt(String plain, String owner) {
        return sealer.seal(plain, owner);
    }

    public String decrypt(String stored, String owner) {
        try {
            return sealer.open(stored, owner);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Cannot decrypt the stored secret of " + owner
                    + ": was the key (lifeboat.secrets.key or its key file) changed?", e);
        }
    }
}

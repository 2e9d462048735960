package io.lifeboat.pki;

import java.util.List;

/**
 * Where some of the portal's secrets sealed under the master key are stored, so that a key rotation can re-seal them
 * without knowing the storage. Each module storing sealed values offers one.
 */
public interface SealedSecrets {

    /** What these secrets are, for messages ("site passwords"). */
    String kind();

    /** Every stored sealed value of this kind. */
    List<SealedSecret> all();

    /**
     * Replaces one stored value durably and on its own (its own transaction or an atomic file move), so that a crash
     * leaves it either as it was or as {@code resealed}.
     *
     * @throws IllegalStateException when the stored value is no longer {@code current.sealed()} (changed meanwhile)
     */
    void replace(SealedSecret current, String resealed);
}

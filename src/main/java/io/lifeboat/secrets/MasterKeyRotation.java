package io.lifeboat.secrets;

import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.pki.SealedSecret;
import io.lifeboat.pki.SealedSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Re-seals every stored secret from the old master key to the new one. Which key sealed a value is found by trying:
 * a value the new key opens is done, one the old key opens is re-sealed, one neither opens stops the rotation before
 * anything is written. Each value is replaced on its own, so after a crash the same call with the same keys finishes
 * the job.
 */
final class MasterKeyRotation {

    private final List<SealedSecrets> stores;

    MasterKeyRotation(List<SealedSecrets> stores) {
        this.stores = stores;
    }

    /** What a run found and did. */
    record Outcome(int resealed, int alreadyUnderNewKey) {
    }

    /** A value neither key opens: the old key given is wrong (or the value was tampered with). */
    static final class WrongKeyException extends RuntimeException {
        WrongKeyException(String message) {
            super(message);
        }
    }

    /**
     * Checks that every value opens with one of the two keys, writing nothing.
     *
     * @return the values still sealed under the old key, and how many there are in all
     * @throws WrongKeyException naming the first value neither key opens, and how many there are
     */
    Plan plan(PrivateKeySealer oldKey, PrivateKeySealer newKey) {
        List<Pending> pending = new ArrayList<>();
        List<String> unopened = new ArrayList<>();
        int total = 0;
        for (SealedSecrets store : stores) {
            for (SealedSecret secret : store.all()) {
                total++;
                if (newKey.opens(secret.sealed(), secret.context())) {
                    continue;
                }
                if (oldKey.opens(secret.sealed(), secret.context())) {
                    pending.add(new Pending(store, secret));
                } else {
                    unopened.add(secret.id());
                }
            }
        }
        if (!unopened.isEmpty()) {
            throw new WrongKeyException("The current master key does not open " + unopened.size() + " stored secret(s), the first being "
                    + unopened.get(0) + ". Run the rotation with the key the portal starts with (lifeboat.secrets.key or the key file"
                    + " lifeboat.secrets.key-file); nothing was changed.");
        }
        return new Plan(pending, total);
    }

    /** Re-seals the planned values one by one, telling {@code progress} after each. */
    Outcome reseal(Plan plan, PrivateKeySealer oldKey, PrivateKeySealer newKey, Consumer<SealedSecret> progress) {
        for (Pending p : plan.pending()) {
            SealedSecret secret = p.secret();
            String plain = oldKey.open(secret.sealed(), secret.context());
            p.store().replace(secret, newKey.seal(plain, secret.context()));
            progress.accept(secret);
        }
        return new Outcome(plan.pending().size(), plan.total() - plan.pending().size());
    }

    record Plan(List<Pending> pending, int total) {
    }

    record Pending(SealedSecrets store, SealedSecret secret) {
    }
}

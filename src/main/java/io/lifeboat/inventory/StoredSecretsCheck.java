package io.lifeboat.inventory;

import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Opens every stored site password once at start, before anything uses or overwrites them: a portal started with the
 * wrong master key stops with a clear message instead of failing later with undecryptable garbage.
 */
@Component
class StoredSecretsCheck implements SmartInitializingSingleton {

    private final SiteRepository sites;
    private final SecretCipher cipher;

    StoredSecretsCheck(SiteRepository sites, SecretCipher cipher) {
        this.sites = sites;
        this.cipher = cipher;
    }

    @Override
    public void afterSingletonsInstantiated() {
        verify(sites.findAll().stream().collect(Collectors.toMap(Site::getName, Site::getPasswordEncrypted)), cipher);
    }

    /** @throws IllegalStateException naming the first site whose sealed password the key does not open */
    static void verify(Map<String, String> sealedPasswordsBySite, SecretCipher cipher) {
        sealedPasswordsBySite.forEach((site, sealed) -> {
            try {
                cipher.decrypt(sealed, "site:" + site);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("The master key does not open the stored password of site " + site
                        + ". Start the portal with the key these secrets were sealed with (lifeboat.secrets.key, or the key file"
                        + " lifeboat.secrets.key-file); nothing was changed.", e);
            }
        });
    }
}

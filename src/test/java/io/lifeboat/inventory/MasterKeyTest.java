package io.lifeboat.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.pki.PrivateKeySealer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master key: its file is owner-only, and a wrong key stops the start with a clear message. */
class MasterKeyTest {

    @TempDir Path dir;

    @Test
    void a_new_key_file_is_owner_only_and_a_key_file_open_to_others_is_refused() throws Exception {
        Path file = dir.resolve("secret.key");
        PrivateKeySealer.fromKeyFile(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> PrivateKeySealer.fromKeyFile(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is open to others (rw-r--r--)").hasMessageContaining("chmod 600 " + file.toAbsolutePath());
    }

    @Test
    void stored_passwords_sealed_with_another_key_stop_the_start_naming_the_site() {
        SecretCipher sealedWith = new SecretCipher(new PrivateKeySealer(randomKey()));
        Map<String, String> stored = Map.of("provider-vc", sealedWith.encrypt("s3cret", "site:provider-vc"));
        assertThatCode(() -> StoredSecretsCheck.verify(stored, sealedWith)).doesNotThrowAnyException();

        SecretCipher wrongKey = new SecretCipher(new PrivateKeySealer(randomKey()));
        assertThatThrownBy(() -> StoredSecretsCheck.verify(stored, wrongKey)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The master key does not open the stored password of site provider-vc")
                .hasMessageContaining("lifeboat.secrets.key");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}

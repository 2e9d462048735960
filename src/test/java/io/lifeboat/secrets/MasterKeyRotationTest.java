package io.lifeboat.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.pki.SealedSecret;
import io.lifeboat.pki.SealedSecrets;
import io.lifeboat.pki.TunnelCredentialStore;
import io.lifeboat.pki.TunnelPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The master key rotation against the real schema and the real tunnel credential files: everything re-sealed, a crash
 * after any number of secrets finished by a second run, a wrong key refused before anything is written.
 */
class MasterKeyRotationTest {

    @TempDir Path dir;
    private Path keyFile;
    private PrivateKeySealer oldKey;
    private SecretsFixture fixture;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void storeSecretsUnderTheKeyFile() throws Exception {
        keyFile = dir.resolve("data/secret.key");
        oldKey = PrivateKeySealer.fromKeyFile(keyFile);
        fixture = new SecretsFixture("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", dir.resolve("pki")).seal(oldKey);
    }

    @Test
    void rotation_reseals_every_secret_under_a_new_key_file_and_the_old_key_opens_none() throws Exception {
        String oldKeyText = Files.readString(keyFile);

        assertThat(rotate(fixture.stores())).isZero();

        assertThat(Files.readString(keyFile)).isNotEqualTo(oldKeyText);
        assertThat(PrivateKeySealer.rotationTarget(keyFile)).doesNotExist();
        PrivateKeySealer newKey = PrivateKeySealer.fromKeyFile(keyFile);
        assertThat(fixture.openAll(newKey)).isEqualTo(fixture.plainById).hasSize(SecretsFixture.SECRETS);
        assertThat(fixture.openedBy(oldKey)).isZero();
        assertThat(new TunnelCredentialStore(fixture.tunnelDir, newKey, new TunnelPki()).load("acme").orElseThrow().tenantSide().keyPem())
                .isEqualTo(fixture.plainById.get("tunnel acme tenantSide"));
        assertThat(out.toString()).contains(SecretsFixture.SECRETS + " secret(s) re-sealed, 0 already under the new key");
    }

    @ParameterizedTest(name = "crash after {0} secret(s)")
    @ValueSource(ints = {0, 1, 3, 5})
    void a_rotation_that_crashed_after_some_secrets_is_finished_by_running_it_again(int resealedBeforeCrash) throws Exception {
        assertThatThrownBy(() -> rotate(crashingAfter(resealedBeforeCrash, fixture.stores()))).hasMessageContaining("simulated crash");

        Path newKeyFile = PrivateKeySealer.rotationTarget(keyFile);
        PrivateKeySealer newKey = PrivateKeySealer.readKeyFile(newKeyFile);
        assertThat(fixture.openedBy(newKey)).isEqualTo(resealedBeforeCrash);
        assertThat(fixture.openedBy(oldKey)).isEqualTo(SecretsFixture.SECRETS - resealedBeforeCrash);
        assertThatThrownBy(() -> PrivateKeySealer.fromKeyFile(keyFile)).as("the portal does not start half-rotated")
                .hasMessageContaining("rotation was interrupted").hasMessageContaining("rotate-master-key");

        assertThat(rotate(fixture.stores())).isZero();

        assertThat(out.toString()).contains("Resuming").contains((SecretsFixture.SECRETS - resealedBeforeCrash) + " secret(s) re-sealed, " + resealedBeforeCrash + " already");
        assertThat(newKeyFile).doesNotExist();
        assertThat(PrivateKeySealer.fromKeyFile(keyFile).opens(fixture.sealedValues().get("site acme-vc"), "site:acme-vc")).isTrue();
        assertThat(fixture.openAll(PrivateKeySealer.fromKeyFile(keyFile))).isEqualTo(fixture.plainById);
        assertThat(fixture.openedBy(oldKey)).isZero();
    }

    @Test
    void with_the_key_in_configuration_the_new_key_stays_in_the_new_file_and_the_command_says_where_to_put_it() throws Exception {
        String configuredKey = Files.readString(keyFile);
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);

        int exit = RotateMasterKeyCommand.rotate(configuredKey, keyFile, fixture.stores(), stdout, new PrintStream(err));

        assertThat(exit).as(err.toString()).isZero();
        assertThat(Files.readString(keyFile)).as("the key file is not the key in use: left alone").isEqualTo(configuredKey);
        PrivateKeySealer newKey = PrivateKeySealer.readKeyFile(PrivateKeySealer.rotationTarget(keyFile));
        assertThat(fixture.openAll(newKey)).isEqualTo(fixture.plainById);
        assertThat(out.toString()).contains("Set lifeboat.secrets.key (LIFEBOAT_SECRETS_KEY) to that file's content");
        assertThat(RotateMasterKeyCommand.rotate(configuredKey, keyFile, fixture.stores(), stdout, new PrintStream(err)))
                .as("a second run with the old setting finds everything done").isZero();
        assertThat(out.toString()).contains("0 secret(s) re-sealed, " + SecretsFixture.SECRETS + " already under the new key");
    }

    @Test
    void a_wrong_configured_key_is_refused_before_anything_is_written() {
        Map<String, String> before = fixture.sealedValues();
        String wrongKey = Base64.getEncoder().encodeToString(PrivateKeySealer.newKey());

        int exit = RotateMasterKeyCommand.rotate(wrongKey, keyFile, fixture.stores(), new PrintStream(out), new PrintStream(err));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("The current master key does not open " + SecretsFixture.SECRETS + " stored secret(s), the first being site acme-vc")
                .contains("nothing was changed");
        assertThat(fixture.sealedValues()).isEqualTo(before);
        assertThat(PrivateKeySealer.rotationTarget(keyFile)).doesNotExist();
    }

    @Test
    void a_key_file_open_to_others_is_refused() throws Exception {
        Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(rotate(fixture.stores())).isEqualTo(1);

        assertThat(err.toString()).contains("chmod 600");
        assertThat(PrivateKeySealer.rotationTarget(keyFile)).doesNotExist();
    }

    private int rotate(List<SealedSecrets> stores) {
        return RotateMasterKeyCommand.rotate("", keyFile, stores, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** The same stores, except that the replacement after the first {@code n} throws, like a process killed there. */
    private static List<SealedSecrets> crashingAfter(int n, List<SealedSecrets> stores) {
        AtomicInteger replaced = new AtomicInteger();
        return stores.stream().<SealedSecrets>map(store -> new SealedSecrets() {
            @Override
            public String kind() {
                return store.kind();
            }

            @Override
            public List<SealedSecret> all() {
                return store.all();
            }

            @Override
            public void replace(SealedSecret current, String resealed) {
                if (replaced.getAndIncrement() == n) {
                    throw new SimulatedCrash();
                }
                store.replace(current, resealed);
            }
        }).toList();
    }

    /** Not one of the failures the command reports: it ends the run like a kill would. */
    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash");
        }
    }
}

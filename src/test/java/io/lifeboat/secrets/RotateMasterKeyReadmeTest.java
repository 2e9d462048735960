package io.lifeboat.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.Readme;
import io.lifeboat.pki.PrivateKeySealer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's rotation command, run exactly as written through {@code sh -c} in a portal's working directory (an H2
 * database with the real schema and secrets, the key file, tunnel keys under {@code data/lab/run/pki}), as its own
 * process through {@code Lifeboat.main}.
 *
 * <p>{@code target/production/lifeboat.jar} there is a jar of the compiled classes (a manifest naming this build's
 * class path and {@code io.lifeboat.Lifeboat}), not the Spring Boot jar that {@code mvn -Pproduction} packs in minutes;
 * {@code FreshCloneRunTest} starts that one.
 */
class RotateMasterKeyReadmeTest {

    @TempDir Path workDir;

    @Test
    void the_readme_rotation_command_refuses_a_wrong_key_file_and_with_the_right_one_reseals_the_portals_secrets() throws Exception {
        Path keyFile = workDir.resolve("data/secret.key");
        PrivateKeySealer oldKey = PrivateKeySealer.fromKeyFile(keyFile);
        String oldKeyText = Files.readString(keyFile);
        // no compaction as the fixture's connections close: H2 2.3's compaction trips its own assertion under -ea
        // (h2database/h2database#4086) and leaves the file half-moved, so the command found no tables
        SecretsFixture fixture = new SecretsFixture("jdbc:h2:file:" + workDir.resolve("data/lifeboat") + ";AUTO_SERVER=FALSE;MAX_COMPACT_TIME=0",
                workDir.resolve("data/lab/run/pki")).seal(oldKey);
        Map<String, String> sealedBefore = fixture.sealedValues();
        Readme.productionJarStandIn(workDir.resolve("target/production/lifeboat.jar"));
        String command = Readme.commandIn("### Rotating the master key", "java ");

        Files.delete(keyFile);
        PrivateKeySealer.writeKeyFile(keyFile, PrivateKeySealer.newKey());
        Run wrongKey = run(command);

        assertThat(wrongKey.exit()).as(wrongKey.output()).isEqualTo(1);
        assertThat(wrongKey.output()).contains("does not open " + SecretsFixture.SECRETS + " stored secret(s)").contains("nothing was changed");
        assertThat(fixture.sealedValues()).isEqualTo(sealedBefore);
        assertThat(PrivateKeySealer.rotationTarget(keyFile)).doesNotExist();

        PrivateKeySealer.writeKeyFile(keyFile, Base64.getDecoder().decode(oldKeyText));
        Run rotation = run(command);

        assertThat(rotation.exit()).as(rotation.output()).isZero();
        assertThat(rotation.output()).contains(SecretsFixture.SECRETS + " secret(s) re-sealed, 0 already under the new key").contains("holds the new key");
        assertThat(fixture.openAll(PrivateKeySealer.fromKeyFile(keyFile))).isEqualTo(fixture.plainById);
        assertThat(fixture.openedBy(oldKey)).isZero();
    }

    private record Run(int exit, String output) {
    }

    private Run run(String command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "rotate", ".log");
        Process process = new ProcessBuilder("sh", "-c", command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the rotation finished").isTrue();
        String output = Files.readString(log);
        System.out.println(output);
        return new Run(process.exitValue(), output);
    }
}

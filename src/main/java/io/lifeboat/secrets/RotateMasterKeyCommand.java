package io.lifeboat.secrets;

import io.lifeboat.inventory.SealedSitePasswords;
import io.lifeboat.network.StoredApplianceAuthorities;
import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.pki.SealedSecrets;
import io.lifeboat.pki.TunnelCredentialFiles;
import io.lifeboat.secrets.MasterKeyRotation.Outcome;
import io.lifeboat.secrets.MasterKeyRotation.Plan;
import io.lifeboat.secrets.MasterKeyRotation.WrongKeyException;
import io.lifeboat.webhooks.SealedWebhookSecrets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code java -jar lifeboat.jar rotate-master-key [the portal's --spring.profiles.active and --lifeboat.* settings]}:
 * re-seals every secret stored under the master key (site passwords, webhook signing secrets, appliance CA keys, tunnel private keys)
 * under a new key. Run it with the portal stopped, with the settings the portal starts with, so it reads the same
 * database and key.
 *
 * <p>The new key is written first to {@code <key file>.new} (owner-only, complete or absent), then each secret is
 * re-sealed on its own, then, when the key lives in the key file, {@code .new} atomically replaces it. A crash at any
 * point and a second run finishes the job: the second run takes the key in {@code .new} and skips what it already
 * opens. When the key comes from {@code lifeboat.secrets.key}, the command cannot change that setting: it leaves the
 * new key in {@code .new} and says to put it there. A key that does not open every stored secret stops the command
 * before anything is written.
 */
public final class RotateMasterKeyCommand {

    private RotateMasterKeyCommand() {
    }

    /** Runs the command; returns the process exit code (0 done, 1 refused or failed, with the reason on stderr). */
    public static int run(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DatabaseOnly.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties(Map.of("logging.level.root", "warn")).run(args)) {
            Environment env = context.getEnvironment();
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            List<SealedSecrets> stores = List.of(new SealedSitePasswords(jdbc), new SealedWebhookSecrets(jdbc),
                    new StoredApplianceAuthorities(jdbc, null),
                    new TunnelCredentialFiles(Path.of(env.getProperty("lifeboat.network.tunnel-credentials-dir", "./data/lab/run/pki"))));
            return rotate(env.getProperty("lifeboat.secrets.key", ""), Path.of(env.getProperty("lifeboat.secrets.key-file", "./data/secret.key")),
                    stores, System.out, System.err);
        } catch (BadSqlGrammarException e) {
            System.err.println("[rotate-master-key] This database has no Lifeboat tables (" + e.getMostSpecificCause().getMessage()
                    + "). Run the command with the settings the portal runs with (--spring.profiles.active, LIFEBOAT_DB_URL …).");
            return 1;
        }
    }

    /** The rotation itself, on the given stores; see the class comment. */
    static int rotate(String configuredKey, Path keyFile, List<SealedSecrets> stores, PrintStream out, PrintStream err) {
        Path newKeyFile = PrivateKeySealer.rotationTarget(keyFile);
        try {
            boolean keyInFile = configuredKey.isBlank();
            if (keyInFile && !Files.exists(keyFile)) {
                err.println("[rotate-master-key] There is no key file " + keyFile.toAbsolutePath().normalize()
                        + " and lifeboat.secrets.key is not set: no master key to rotate.");
                return 1;
            }
            PrivateKeySealer oldKey = keyInFile ? PrivateKeySealer.readKeyFile(keyFile) : PrivateKeySealer.fromBase64(configuredKey);
            boolean resuming = Files.exists(newKeyFile);
            byte[] fresh = resuming ? null : PrivateKeySealer.newKey();
            PrivateKeySealer newKey = resuming ? PrivateKeySealer.readKeyFile(newKeyFile) : new PrivateKeySealer(fresh);

            MasterKeyRotation rotation = new MasterKeyRotation(stores);
            Plan plan = rotation.plan(oldKey, newKey);
            if (resuming) {
                out.println("[rotate-master-key] Resuming the rotation to the key in " + newKeyFile.toAbsolutePath().normalize() + ".");
            } else {
                PrivateKeySealer.writeKeyFile(newKeyFile, fresh);
                out.println("[rotate-master-key] New master key written to " + newKeyFile.toAbsolutePath().normalize() + ".");
            }
            int[] done = {0};
            Outcome outcome = rotation.reseal(plan, oldKey, newKey,
                    secret -> out.printf("[rotate-master-key] re-sealed %s (%d/%d)%n", secret.id(), ++done[0], plan.pending().size()));
            out.printf("[rotate-master-key] %d secret(s) re-sealed, %d already under the new key.%n", outcome.resealed(), outcome.alreadyUnderNewKey());
            if (keyInFile) {
                Files.move(newKeyFile, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                out.println("[rotate-master-key] Done: " + keyFile.toAbsolutePath().normalize() + " holds the new key; start the portal as before.");
            } else {
                out.println("[rotate-master-key] Done: every secret is sealed under the key in " + newKeyFile.toAbsolutePath().normalize()
                        + ". Set lifeboat.secrets.key (LIFEBOAT_SECRETS_KEY) to that file's content, start the portal, then delete the file.");
            }
            return 0;
        } catch (WrongKeyException | IllegalStateException | IllegalArgumentException e) {
            err.println("[rotate-master-key] " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("[rotate-master-key] Cannot read or write a key file: " + e.getMessage()
                    + ". Secrets re-sealed so far stay valid; run the command again to finish.");
            return 1;
        }
    }

    /** Only the database: no web server, no scheduler, no lab, no start-up work of the portal. */
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
    static class DatabaseOnly {
    }
}

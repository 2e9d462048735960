package io.lifeboat.secrets;

import io.lifeboat.inventory.SealedSitePasswords;
import io.lifeboat.network.StoredApplianceAuthorities;
import io.lifeboat.pki.ApplianceCertificates;
import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.pki.SealedSecrets;
import io.lifeboat.pki.TenantTunnelCredentials;
import io.lifeboat.pki.TunnelCredentialFiles;
import io.lifeboat.pki.TunnelCredentialStore;
import io.lifeboat.pki.TunnelPki;
import io.lifeboat.webhooks.SealedWebhookSecrets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A Lifeboat database (the real schema, by Flyway, in H2) and a tunnel credentials folder holding secrets sealed
 * under one master key, and what they say in clear, to check a rotation against.
 */
final class SecretsFixture {

    /**
     * How many secrets {@link #seal} stores: two site passwords, two webhook secrets, three appliance CA keys (the
     * gateways', the gateway hosts' and acme's) and acme's two tunnel keys.
     */
    static final int SECRETS = 9;

    final JdbcTemplate jdbc;
    final Path tunnelDir;
    /** Plain value by secret id, as {@link SealedSecrets#all()} names them. */
    final Map<String, String> plainById = new LinkedHashMap<>();
    final Map<String, String> tunnelKeyPems = new LinkedHashMap<>();

    SecretsFixture(String jdbcUrl, Path tunnelDir) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(jdbcUrl, "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        this.jdbc = new JdbcTemplate(dataSource);
        this.tunnelDir = tunnelDir;
    }

    /** Two sites, two webhook endpoints, the appliance CAs and acme's tunnel keys, sealed under {@code key}. */
    SecretsFixture seal(PrivateKeySealer key) {
        long id = 1;
        for (String site : List.of("acme-vc", "provider-vc")) {
            String password = "pw-of-" + site;
            jdbc.update("insert into site (id, name, url, username, password_encrypted, trust_all_certs) values (?, ?, ?, ?, ?, false)",
                    id++, site, "https://" + site + "/sdk", "svc", key.seal(password, "site:" + site));
            plainById.put("site " + site, password);
        }
        for (String url : List.of("https://hooks.acme.example/a", "https://hooks.globex.example/b")) {
            String secret = "whsec_" + url.hashCode();
            jdbc.update("insert into webhook_endpoint (id, tenant_id, url, secret_sealed, events, created_by, created_at) values (?, null, ?, ?, 'tunnel.up', 'provider', ?)",
                    id, url, key.seal(secret, "webhook " + url), Timestamp.from(Instant.now()));
            plainById.put("webhook " + id++, secret);
        }
        new ApplianceCertificates(Duration.ofDays(30), new StoredApplianceAuthorities(jdbc, key)).tenantCaPem("acme");
        new StoredApplianceAuthorities(jdbc, key).authorities()
                .forEach((name, ca) -> plainById.put("appliance CA " + name, ca.keyPem()));
        TenantTunnelCredentials tunnel = new TunnelCredentialStore(tunnelDir, key, new TunnelPki()).getOrIssue("acme");
        plainById.put("tunnel acme tenantSide", tunnel.tenantSide().keyPem());
        plainById.put("tunnel acme providerSide", tunnel.providerSide().keyPem());
        return this;
    }

    List<SealedSecrets> stores() {
        return List.of(new SealedSitePasswords(jdbc), new SealedWebhookSecrets(jdbc), new StoredApplianceAuthorities(jdbc, null),
                new TunnelCredentialFiles(tunnelDir));
    }

    /** Every stored secret opened with {@code key}, by id; throws when the key opens one of them not. */
    Map<String, String> openAll(PrivateKeySealer key) {
        Map<String, String> plain = new LinkedHashMap<>();
        stores().forEach(store -> store.all().forEach(s -> plain.put(s.id(), key.open(s.sealed(), s.context()))));
        return plain;
    }

    /** How many stored secrets {@code key} opens. */
    long openedBy(PrivateKeySealer key) {
        return stores().stream().flatMap(store -> store.all().stream()).filter(s -> key.opens(s.sealed(), s.context())).count();
    }

    /** Every stored value as stored (sealed), by id. */
    Map<String, String> sealedValues() {
        Map<String, String> sealed = new LinkedHashMap<>();
        stores().forEach(store -> store.all().forEach(s -> sealed.put(s.id(), s.sealed())));
        return sealed;
    }
}

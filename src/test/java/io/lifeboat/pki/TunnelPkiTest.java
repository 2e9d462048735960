package io.lifeboat.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunnelPkiTest {

    private final TunnelPki pki = new TunnelPki();

    @Test
    void issues_a_self_signed_p256_certificate_whose_key_matches() throws Exception {
        TenantTunnelCredentials c = pki.issue("acme", 1);
        X509Certificate cert = parse(c.tenantSide().certPem());

        cert.verify(cert.getPublicKey());   // self-signed
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=lifeboat-acme-nea-t-g1");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(c.tenantSide().keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");

        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(c.tenantSide().keyPem()))));
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(cert.getPublicKey());
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
    }

    @Test
    void fingerprint_is_sha256_of_the_der_in_openvpn_format() throws Exception {
        TunnelCredential c = pki.issue("acme", 1).providerSide();
        X509Certificate cert = parse(c.certPem());
        String expected = java.util.HexFormat.ofDelimiter(":").formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())).toUpperCase();
        assertThat(c.fingerprint()).isEqualTo(expected).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void seal_and_open_round_trip_and_bind_to_the_tenant() {
        PrivateKeySealer sealer = new PrivateKeySealer(new byte[32]);
        String sealed = sealer.seal("secret key", "acme/t");
        assertThat(sealed).startsWith("v1:").doesNotContain("secret");
        assertThat(sealer.open(sealed, "acme/t")).isEqualTo("secret key");
        assertThatThrownBy(() -> sealer.open(sealed, "globex/t")).isInstanceOf(IllegalArgumentException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new PrivateKeySealer(other).open(sealed, "acme/t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void store_keeps_keys_sealed_at_rest_and_rotation_changes_both_fingerprints(@TempDir Path dir) throws Exception {
        PrivateKeySealer sealer = PrivateKeySealer.fromKeyFile(dir.resolve("master.key"));
        TunnelCredentialStore store = new TunnelCredentialStore(dir.resolve("creds"), sealer, pki);

        TenantTunnelCredentials first = store.getOrIssue("acme");
        assertThat(store.getOrIssue("acme")).isEqualTo(first);
        assertThat(filesUnder(dir.resolve("creds"))).doesNotContain("BEGIN PRIVATE KEY").contains("v1:");
        TunnelCredentialStore reopened = new TunnelCredentialStore(dir.resolve("creds"),
                PrivateKeySealer.fromKeyFile(dir.resolve("master.key")), pki);
        assertThat(reopened.load("acme")).contains(first);

        TenantTunnelCredentials rotated = store.rotate("acme");
        assertThat(rotated.generation()).isEqualTo(2);
        assertThat(rotated.tenantSide().fingerprint()).isNotEqualTo(first.tenantSide().fingerprint());
        assertThat(rotated.providerSide().fingerprint()).isNotEqualTo(first.providerSide().fingerprint());
        assertThat(store.getOrIssue("acme")).isEqualTo(rotated);
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    /** What the store keeps at rest, every file read as it lies on disk. */
    private static String filesUnder(Path dir) throws IOException {
        StringBuilder content = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                content.append(Files.readString(file));
            }
        }
        return content.toString();
    }
}

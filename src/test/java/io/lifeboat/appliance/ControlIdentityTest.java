package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity the agent dials with is read back with the JDK alone, exactly as it was made and enrolled. */
class ControlIdentityTest {

    @TempDir
    Path dir;

    @Test
    void the_key_read_back_signs_for_the_public_key_of_its_request() throws Exception {
        ControlIdentity identity = new ControlIdentity(dir);
        PublicKey requested = publicKeyOf(identity.request("acme/n1/t"));

        PrivateKey key = identity.privateKey();

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        signer.update(data);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(requested);
        verifier.update(data);
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    @Test
    void the_enrolled_certificate_is_read_back() throws Exception {
        ControlIdentity identity = new ControlIdentity(dir);
        PublicKey requested = publicKeyOf(identity.request("acme/n1/t"));
        identity.storeCertificate(certificatePem(requested, "CN=acme/n1/t"));

        X509Certificate certificate = identity.certificate();

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=acme/n1/t");
        assertThat(certificate.getPublicKey()).isEqualTo(requested);
    }

    @Test
    void a_damaged_key_file_is_named_in_the_error() throws Exception {
        ControlIdentity identity = new ControlIdentity(dir);
        identity.request("acme/n1/t");
        Files.writeString(identity.keyFile(), "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(identity::privateKey)
                .hasMessageContaining("unreadable control key")
                .hasMessageContaining(identity.keyFile().toString());
    }

    @Test
    void a_renewal_cut_short_before_its_certificate_arrived_leaves_the_current_pair_in_use_and_asks_for_the_same_key_again()
            throws Exception {
        ControlIdentity identity = enrolled();
        PublicKey current = identity.certificate().getPublicKey();
        String unanswered = identity.renewalRequest("acme/n1/t");   // the appliance died while waiting for the answer

        ControlIdentity restarted = new ControlIdentity(dir);
        restarted.finishRenewal();

        assertThat(restarted.certificate().getPublicKey()).isEqualTo(current);
        assertSigns(restarted.privateKey(), current);
        assertThat(restarted.renewalRequest("acme/n1/t")).as("the same key is asked for again").isEqualTo(unanswered);
    }

    @Test
    void a_renewal_cut_short_after_its_certificate_arrived_is_finished_with_the_new_pair() throws Exception {
        ControlIdentity identity = enrolled();
        PublicKey renewed = publicKeyOf(identity.renewalRequest("acme/n1/t"));
        Files.writeString(dir.resolve("control-cert.next.pem"), certificatePem(renewed, "CN=acme/n1/t"));   // then it died

        ControlIdentity restarted = new ControlIdentity(dir);
        restarted.finishRenewal();

        assertThat(restarted.certificate().getPublicKey()).isEqualTo(renewed);
        assertSigns(restarted.privateKey(), renewed);
        assertThat(restarted.enrolled()).isTrue();
    }

    @Test
    void renewal_is_due_once_two_thirds_of_the_certificates_life_are_over() throws Exception {
        ControlIdentity identity = enrolled();
        X509Certificate held = identity.certificate();
        long life = held.getNotAfter().getTime() - held.getNotBefore().getTime();

        assertThat(identity.renewalDue()).isEqualTo(held.getNotAfter().toInstant().minusMillis(life / 3));
        assertThat(identity.expired(held.getNotAfter().toInstant())).isFalse();
        assertThat(identity.expired(held.getNotAfter().toInstant().plusSeconds(1))).isTrue();
    }

    private ControlIdentity enrolled() throws Exception {
        ControlIdentity identity = new ControlIdentity(dir);
        identity.storeCertificate(certificatePem(publicKeyOf(identity.request("acme/n1/t")), "CN=acme/n1/t"));
        return identity;
    }

    private static void assertSigns(PrivateKey key, PublicKey expected) throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(expected);
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signer.sign())).as("the key in use belongs to the certificate in use").isTrue();
    }

    private static PublicKey publicKeyOf(String csrPem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
            return new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
        }
    }

    /** A certificate for {@code key}, signed by a throwaway CA, as the gateway's enrolment returns one. */
    private static String certificatePem(PublicKey key, String subject) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256);
        KeyPair ca = gen.generateKeyPair();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=tenant CA"), BigInteger.TWO,
                Date.from(now), Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), key);
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
        }
        return pem.toString();
    }
}

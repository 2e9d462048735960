package io.lifeboat.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues per-tenant tunnel identities: EC P-256 key pairs with self-signed certificates. No CA: each end pins the
 * other's SHA-256 certificate fingerprint ({@code --peer-fingerprint}), so a leaked key of one tenant says nothing
 * about another. Rotation = issue a new pair and push both fingerprints again (the tunnel restarts once).
 */
public final class TunnelPki {

    private final SecureRandom random = new SecureRandom();
    private final Duration validity;

    public TunnelPki(Duration validity) {
        this.validity = validity;
    }

    public TunnelPki() {
        this(Duration.ofDays(397));
    }

    /**
     * A fresh pair for both ends of the tunnel {@code tunnelName} (one per tenant network, {@code <tenant>-n<network id>});
     * {@code generation} goes into the subject for operators.
     */
    public TenantTunnelCredentials issue(String tunnelName, int generation) {
        return new TenantTunnelCredentials(tunnelName, generation,
                issueOne("lifeboat-" + tunnelName + "-nea-t-g" + generation),
                issueOne("lifeboat-" + tunnelName + "-nea-p-g" + generation));
    }

    /** Rotation: a new generation of both keys (old fingerprints stop being accepted once pushed). */
    public TenantTunnelCredentials rotate(TenantTunnelCredentials current) {
        return issue(current.tunnelName(), current.generation() + 1);
    }

    TunnelCredential issueOne(String commonName) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair kp = gen.generateKeyPair();
            Instant now = Instant.now();
            Instant notAfter = now.plus(validity);
            X500Name name = new X500Name("CN=" + commonName);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(notAfter), name, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
            return new TunnelCredential(pem(cert), pem(new JcaPKCS8Generator(kp.getPrivate(), null).generate()),
                    fingerprint(cert), notAfter);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue tunnel certificate for " + commonName, e);
        }
    }

    /** SHA-256 over the DER certificate, upper-case hex with colons: the format of OpenVPN's {@code --peer-fingerprint}. */
    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").formatHex(digest).toUpperCase(Locale.ROOT);
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }
}

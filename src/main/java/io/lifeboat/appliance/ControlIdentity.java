package io.lifeboat.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The appliance's control-channel identity in its state directory: {@code control-key.pem} (0600, made here and never
 * sent), {@code control-request.pem} (its PKCS#10 request) and {@code control-cert.pem} (what enrolment returned).
 * Key and request are kept until enrolment succeeds, so an attempt whose answer was lost is retried with the same key,
 * which the gateway accepts with the same token. Certificate present means enrolled; a restarted appliance connects
 * with it and needs no token again.
 */
final class ControlIdentity {

    private final Path keyFile;
    private final Path certFile;
    private final Path requestFile;

    ControlIdentity(Path stateDir) {
        this.keyFile = stateDir.resolve("control-key.pem");
        this.certFile = stateDir.resolve("control-cert.pem");
        this.requestFile = stateDir.resolve("control-request.pem");
    }

    boolean enrolled() {
        return Files.exists(keyFile) && Files.exists(certFile);
    }

    Path keyFile() {
        return keyFile;
    }

    Path certFile() {
        return certFile;
    }

    /** The PKCS#10 request for this appliance's key, making key and request on first use. */
    String request(String applianceId) throws IOException {
        if (Files.exists(keyFile) && Files.exists(requestFile)) {
            return Files.readString(requestFile);
        }
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = gen.generateKeyPair();
            write(keyFile, pem(new JcaPKCS8Generator(kp.getPrivate(), null).generate()));
            String request = pem(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + applianceId), kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
            write(requestFile, request);
            return request;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the control key: " + e.getMessage(), e);
        }
    }

    /**
     * The key, read with the JDK alone. Handed a PEM file, Netty reads it through BouncyCastle's provider when that is on
     * the classpath (it is, for the request above), and loading that provider from its signed jars cost the agent about
     * 0.5 s of CPU at every start, measured. The key is always the EC key {@link #request} made, as unencrypted PKCS#8.
     */
    PrivateKey privateKey() throws IOException {
        String base64 = Files.readString(keyFile).replaceAll("-----(BEGIN|END) PRIVATE KEY-----|\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("unreadable control key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** The certificate enrolment returned, read with the JDK alone (as {@link #privateKey}). */
    X509Certificate certificate() throws IOException {
        try (InputStream in = Files.newInputStream(certFile)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException("unreadable control certificate " + certFile + ": " + e.getMessage(), e);
        }
    }

    void storeCertificate(String certPem) throws IOException {
        write(certFile, certPem);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }
}

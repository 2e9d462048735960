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
import java.time.Duration;
import java.time.Instant;
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
 * <p>Before the certificate expires it is renewed (ADR 0014): a new key and its request are made beside the current pair
 * ({@code control-key.next.pem}), the renewed certificate is written beside them ({@code control-cert.next.pem}, the
 * point of no return) and both are then moved over the current pair. A crash at any step leaves a pair that works:
 * the old one, or the new one once {@link #finishRenewal} finishes the moves.
 */
final class ControlIdentity {

    private final Path keyFile;
    private final Path certFile;
    private final Path requestFile;

    private final Path nextKeyFile;
    private final Path nextCertFile;
    private final Path nextRequestFile;
    /** {@code control-cert.pem} as last read; null until read, and after it was replaced. */
    private volatile X509Certificate held;

    ControlIdentity(Path stateDir) {
        this.keyFile = stateDir.resolve("control-key.pem");
        this.certFile = stateDir.resolve("control-cert.pem");
        this.requestFile = stateDir.resolve("control-request.pem");
        this.nextKeyFile = stateDir.resolve("control-key.next.pem");
        this.nextCertFile = stateDir.resolve("control-cert.next.pem");
        this.nextRequestFile = stateDir.resolve("control-request.next.pem");
    }

    /**
     * Finishes a renewal a crash interrupted, before the identity is used: once the renewed certificate was written, its
     * pair is moved in; before that, the current pair stays in use and the new key waits for the next attempt.
     */
    void finishRenewal() throws IOException {
        if (Files.exists(nextCertFile)) {
            if (Files.exists(nextKeyFile)) {
                Files.move(nextKeyFile, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(nextCertFile, certFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            held = null;
            Files.deleteIfExists(nextRequestFile);
            Files.deleteIfExists(requestFile);   // it was the old key's
        }
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
        String request = newKey(applianceId, keyFile);
        write(requestFile, request);
        return request;
    }

    /** When to ask for a new certificate: once two thirds of the current one's life are over (ADR 0014). */
    Instant renewalDue() throws IOException {
        X509Certificate held = certificate();
        Duration life = Duration.between(held.getNotBefore().toInstant(), held.getNotAfter().toInstant());
        return held.getNotAfter().toInstant().minus(life.dividedBy(3));
    }

    boolean expired(Instant now) throws IOException {
        return now.isAfter(certificate().getNotAfter().toInstant());
    }

    /**
     * The request for a new key, made beside the current one, which stays in use until {@link #storeRenewed}. Kept until
     * then, as at enrolment: a token accepts the same key again when its first answer was lost.
     */
    String renewalRequest(String applianceId) throws IOException {
        if (Files.exists(nextKeyFile) && Files.exists(nextRequestFile)) {
            return Files.readString(nextRequestFile);   // the same key again: an answer lost on the way is asked for again
        }
        String request = newKey(applianceId, nextKeyFile);
        write(nextRequestFile, request);
        return request;
    }

    /** The certificate renewal returned for the key {@link #renewalRequest} made: from now on the pair in use. */
    void storeRenewed(String certPem) throws IOException {
        write(nextCertFile, certPem);
        finishRenewal();
    }

    /** Makes an EC key in {@code file} (0600) and returns its PKCS#10 request. */
    private static String newKey(String applianceId, Path file) throws IOException {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = gen.generateKeyPair();
            write(file, pem(new JcaPKCS8Generator(kp.getPrivate(), null).generate()));
            return pem(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + applianceId), kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
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

    /**
     * The certificate enrolment returned, read with the JDK alone (as {@link #privateKey}), once: each dial asks for its
     * dates several times, and only this class writes the file.
     */
    X509Certificate certificate() throws IOException {
        X509Certificate read = held;
        if (read != null) {
            return read;
        }
        try (InputStream in = Files.newInputStream(certFile)) {
            read = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException("unreadable control certificate " + certFile + ": " + e.getMessage(), e);
        }
        held = read;
        return read;
    }

    void storeCertificate(String certPem) throws IOException {
        write(certFile, certPem);
        held = null;
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

package io.lifeboat.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The appliances' control-channel PKI (ADR 0005): one CA per tenant signs the client certificates its NEAs get at
 * enrolment, so a certificate names the tenant that issued it and a leak of one tenant's CA key says nothing about
 * another's; a separate gateway CA signs the Cloud Gateways' server certificates, which appliances trust. Revocation is
 * a set of serial numbers the gateway checks on every connection.
 *
 * <p>The CAs and revocations live in a {@link Ledger}: the portal's keeps them in its database, the keys sealed under
 * the master key, so a restarted portal still recognises every certificate it issued and every revocation; the default
 * ledger is memory only (tests, a gateway process).
 */
public final class ApplianceCertificates {

    /** A key with its certificate, both PEM (PKCS#8 for the key). */
    public record Identity(String certPem, String keyPem) {
        @Override
        public String toString() {
            return "Identity[key=<hidden>]";
        }
    }

    /**
     * Where the CAs (certificate and key, PEM) and the revoked serial numbers are kept. Authorities are named
     * {@value #GATEWAY_AUTHORITY} and {@code tenant:<name>}.
     */
    public interface Ledger {

        /** Every stored authority by name. */
        Map<String, Identity> authorities();

        /**
         * Stores {@code authority} under {@code name} unless one is stored there already (another node made it first);
         * returns the one stored.
         */
        Identity storeIfAbsent(String name, Identity authority);

        void revoke(BigInteger serial);

        boolean isRevoked(BigInteger serial);

        /** Records {@code serial} as the certificate {@code holder} holds now; returns the one it held before, if any. */
        Optional<BigInteger> supersede(String holder, BigInteger serial);

        /** The serial of the certificate {@code holder} holds now, if one was recorded. */
        Optional<BigInteger> current(String holder);

        /** Forgets what {@code holder} holds; returns that serial, if one was recorded. */
        Optional<BigInteger> release(String holder);

        /** Records {@code next} as what {@code holder} holds, if it still holds {@code expected}; whether it did. */
        boolean replaceIf(String holder, BigInteger expected, BigInteger next);
    }

    /** A ledger in memory only: what it holds dies with the process. */
    public static final class MemoryLedger implements Ledger {
        private final Map<String, Identity> authorities = new ConcurrentHashMap<>();
        private final Set<BigInteger> revoked = ConcurrentHashMap.newKeySet();
        private final Map<String, BigInteger> held = new ConcurrentHashMap<>();

        @Override
        public Map<String, Identity> authorities() {
            return Map.copyOf(authorities);
        }

        @Override
        public Identity storeIfAbsent(String name, Identity authority) {
            return authorities.computeIfAbsent(name, n -> authority);
        }

        @Override
        public void revoke(BigInteger serial) {
            revoked.add(serial);
        }

        @Override
        public boolean isRevoked(BigInteger serial) {
            return revoked.contains(serial);
        }

        @Override
        public Optional<BigInteger> supersede(String holder, BigInteger serial) {
            return Optional.ofNullable(held.put(holder, serial));
        }

        @Override
        public Optional<BigInteger> current(String holder) {
            return Optional.ofNullable(held.get(holder));
        }

        @Override
        public Optional<BigInteger> release(String holder) {
            return Optional.ofNullable(held.remove(holder));
        }

        @Override
        public boolean replaceIf(String holder, BigInteger expected, BigInteger next) {
            return held.replace(holder, expected, next);
        }
    }

    public static final String GATEWAY_AUTHORITY = "gateway";
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Signs the client certificates of Cloud Gateway hosts that dial the portal (ADR 0013); no tenant's CA can. */
    private static final String GATEWAY_HOST_AUTHORITY = "gateway-hosts";
    private static final String TENANT_AUTHORITY = "tenant:";
    private static final String TENANT_CA_PREFIX = "lifeboat-appliance-ca-";

    private record Authority(X509Certificate cert, PrivateKey key) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Duration clientValidity;
    private final Ledger ledger;
    private final Map<String, Authority> tenantCas = new ConcurrentHashMap<>();
    private final Authority gatewayCa;
    private final Authority gatewayHostCa;

    /** Takes up the CAs {@code ledger} holds and creates (and stores) the gateway CA if it holds none. */
    public ApplianceCertificates(Duration clientValidity, Ledger ledger) {
        this.clientValidity = clientValidity;
        this.ledger = ledger;
        Map<String, Identity> stored = ledger.authorities();   // read (and unsealed) once
        Identity gateway = stored.get(GATEWAY_AUTHORITY);
        this.gatewayCa = gateway != null ? authority(gateway) : created(GATEWAY_AUTHORITY, "lifeboat-gateway-ca");
        Identity gatewayHosts = stored.get(GATEWAY_HOST_AUTHORITY);
        this.gatewayHostCa = gatewayHosts != null ? authority(gatewayHosts) : created(GATEWAY_HOST_AUTHORITY, "lifeboat-gateway-host-ca");
        takeTenantCas(stored);
    }

    public ApplianceCertificates(Duration clientValidity) {
        this(clientValidity, new MemoryLedger());
    }

    public ApplianceCertificates() {
        this(Duration.ofDays(397));
    }

    /** The CA certificate appliances trust to recognise a Cloud Gateway. */
    public String gatewayCaPem() {
        return pem(gatewayCa.cert());
    }

    /** {@code tenant}'s appliance CA certificate (created on first use). */
    public String tenantCaPem(String tenant) {
        return pem(tenantCa(tenant).cert());
    }

    /** A server identity for a Cloud Gateway reachable as {@code names} (DNS names or IPv4 literals). */
    public Identity issueGateway(String commonName, List<String> names) {
        KeyPair kp = newKeyPair();
        List<GeneralName> sans = new ArrayList<>();
        for (String n : names) {
            sans.add(new GeneralName(n.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        try {
            X509v3CertificateBuilder b = leaf(gatewayCa, commonName, kp.getPublic(), clientValidity);
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            return new Identity(pem(sign(b, gatewayCa.key())), keyPem(kp.getPrivate()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot issue the gateway certificate " + commonName, e);
        }
    }

    /**
     * Signs the PKCS#10 request {@code csrPem} of appliance {@code applianceId} with {@code tenant}'s CA. The subject is
     * ours, not the request's: the certificate's CN is {@code applianceId} whatever the appliance asked for. The
     * certificate the appliance held before is revoked, as for a gateway host.
     *
     * @throws IllegalArgumentException when the request is not a PKCS#10 request signed by its own key
     */
    public String issueAppliance(String tenant, String applianceId, String csrPem) {
        return issueHeld(tenantCa(tenant), applianceId, csrPem);
    }

    /**
     * Signs a Cloud Gateway host's request with the gateway hosts' CA; the CN is {@code hostId}, as for an appliance.
     */
    public String issueGatewayHost(String hostId, String csrPem) {
        return issueHeld(gatewayHostCa, hostId, csrPem);
    }

    /**
     * One name, one valid identity: the certificate {@code holder} held before is revoked, so an appliance or host
     * enrolled again (a new VM, a host moved elsewhere) leaves no second copy of it that the control server lets in.
     */
    private String issueHeld(Authority ca, String holder, String csrPem) {
        String pem = issueClient(ca, holder, csrPem);
        ledger.supersede(holder, parseCertificate(pem).getSerialNumber()).ifPresent(ledger::revoke);
        ledger.release(renewedFrom(holder)).ifPresent(ledger::revoke);
        return pem;
    }

    /**
     * Signs a new key of appliance or gateway host {@code holder}, asked for over the control channel with the
     * certificate it holds, {@code presented}, before that one expires (ADR 0014). {@code presented} stays valid until
     * the holder connects with the new certificate ({@link #confirmRenewal}): if the answer is lost on the way, it asks
     * again with it, and the certificate whose answer was lost is revoked then. The new certificate comes from the CA
     * that signed {@code presented}: a tenant's for an appliance, the gateway hosts' for a host.
     *
     * @throws IllegalArgumentException when {@code presented} is not the one {@code holder} holds (a copy renewed it
     *         first, or it was enrolled again), or the request is not signed by its own key
     */
    public String renew(String holder, X509Certificate presented, String csrPem) {
        BigInteger serial = presented.getSerialNumber();
        BigInteger held = ledger.current(holder).orElse(null);
        if (held == null) {   // enrolled before the ledger kept its holder: what it shows is what it holds
            ledger.supersede(holder, serial);
            held = serial;
        }
        boolean holdsIt = held.equals(serial);
        if (!holdsIt && !ledger.current(renewedFrom(holder)).map(serial::equals).orElse(false)) {
            throw new IllegalArgumentException("certificate " + serial.toString(16) + " is no longer the one " + holder + " holds");
        }
        String pem = issueClient(issuerOf(presented), holder, csrPem);
        BigInteger issued = parseCertificate(pem).getSerialNumber();
        if (holdsIt) {
            ledger.supersede(renewedFrom(holder), serial);
        }
        // compare-and-set, then look for a removal: a removal or enrolment at the same moment on another node wins
        if (!ledger.replaceIf(holder, held, issued) || ledger.isRevoked(serial)) {
            ledger.revoke(issued);
            throw new IllegalArgumentException(holder + " was removed or enrolled again while it renewed its certificate");
        }
        if (!holdsIt) {
            ledger.revoke(held);   // renewed before, but that answer never arrived
        }
        return pem;
    }

    private Authority issuerOf(X509Certificate presented) {
        if (issuedToGatewayHost(presented)) {
            return gatewayHostCa;
        }
        String tenant = issuingTenant(presented)
                .orElseThrow(() -> new IllegalArgumentException("certificate not issued by any tenant's appliance CA"));
        return tenantCa(tenant);
    }

    /** {@code holder} connected with {@code cert}: once that is a renewed certificate, the one before is revoked. */
    public void confirmRenewal(String holder, X509Certificate cert) {
        if (ledger.current(holder).map(cert.getSerialNumber()::equals).orElse(false)) {
            ledger.release(renewedFrom(holder)).ifPresent(ledger::revoke);
        }
    }

    /** Revokes the certificate gateway host {@code hostId} holds now; returns its serial, or empty when it holds none. */
    public Optional<BigInteger> revokeGatewayHost(String hostId) {
        ledger.release(renewedFrom(hostId)).ifPresent(ledger::revoke);
        Optional<BigInteger> current = ledger.current(hostId);
        current.ifPresent(ledger::revoke);
        ledger.current(hostId).ifPresent(ledger::revoke);   // renewed meanwhile on another node: that one too
        return current;
    }

    /** Where the ledger keeps the certificate a holder renewed from until it connects with the new one. */
    private static String renewedFrom(String holder) {
        return holder + "/retiring";
    }

    /** Whether the gateway hosts' CA signed {@code cert} (its dates are not checked here). */
    public boolean issuedToGatewayHost(X509Certificate cert) {
        return gatewayHostCa.cert().getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                && signedBy(cert, gatewayHostCa.cert().getPublicKey());
    }

    private String issueClient(Authority ca, String commonName, String csrPem) {
        PublicKey key = verifiedKey(csrPem);
        try {
            X509v3CertificateBuilder b = leaf(ca, commonName, key, clientValidity);
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            return pem(sign(b, ca.key()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot issue the certificate of " + commonName, e);
        }
    }

    /**
     * Checks a request before anything is spent on it (the enrolment token is one-time) and returns the SHA-256 of
     * its public key, which tells a retry with the same key from a second use of the token.
     *
     * @throws IllegalArgumentException when the request is not a PKCS#10 request signed by its own key
     */
    public String checkRequest(String csrPem) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(verifiedKey(csrPem).getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The tenant whose CA signed {@code cert}, if any (the certificate's dates are not checked here). A CA another node
     * created since this one loaded the ledger is found by loading it again; only a certificate naming a tenant CA this
     * instance does not hold costs that read, not any stranger's.
     */
    public Optional<String> issuingTenant(X509Certificate cert) {
        Optional<String> known = knownIssuer(cert);
        if (known.isEmpty() && namesUnknownTenantCa(cert)) {
            takeTenantCas(ledger.authorities());
            return knownIssuer(cert);
        }
        return known;
    }

    private boolean namesUnknownTenantCa(X509Certificate cert) {
        String issuer = cert.getIssuerX500Principal().getName();
        return issuer.startsWith("CN=" + TENANT_CA_PREFIX) && !tenantCas.containsKey(issuer.substring(("CN=" + TENANT_CA_PREFIX).length()));
    }

    private Optional<String> knownIssuer(X509Certificate cert) {
        return tenantCas.entrySet().stream()
                .filter(e -> e.getValue().cert().getSubjectX500Principal().equals(cert.getIssuerX500Principal()))
                .filter(e -> signedBy(cert, e.getValue().cert().getPublicKey()))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    public void revoke(X509Certificate cert) {
        ledger.revoke(cert.getSerialNumber());
    }

    public boolean isRevoked(X509Certificate cert) {
        return ledger.isRevoked(cert.getSerialNumber());
    }

    /** The appliance id a certificate of ours was issued to (its CN). */
    public static String commonName(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return "";
    }

    public static X509Certificate parseCertificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    private Authority tenantCa(String tenant) {
        return tenantCas.computeIfAbsent(tenant, t -> created(TENANT_AUTHORITY + t, TENANT_CA_PREFIX + t));
    }

    private void takeTenantCas(Map<String, Identity> stored) {
        stored.forEach((name, identity) -> {
            if (name.startsWith(TENANT_AUTHORITY)) {
                tenantCas.computeIfAbsent(name.substring(TENANT_AUTHORITY.length()), t -> authority(identity));
            }
        });
    }

    /** A new authority {@code name}, stored; the ledger's own if another node stored one under that name first. */
    private Authority created(String name, String commonName) {
        Authority made = newAuthority(commonName);
        return authority(ledger.storeIfAbsent(name, new Identity(pem(made.cert()), keyPem(made.key()))));
    }

    private static Authority authority(Identity identity) {
        try (PEMParser parser = new PEMParser(new StringReader(identity.keyPem()))) {
            if (!(parser.readObject() instanceof PrivateKeyInfo info)) {
                throw new IllegalStateException("a stored CA key is not a PKCS#8 private key");
            }
            return new Authority(parseCertificate(identity.certPem()), new JcaPEMKeyConverter().getPrivateKey(info));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read a stored CA key: " + e.getMessage(), e);
        }
    }

    private Authority newAuthority(String commonName) {
        KeyPair kp = newKeyPair();
        X500Name name = new X500Name("CN=" + commonName);
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Authority(sign(b, kp.getPrivate()), kp.getPrivate());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the CA " + commonName, e);
        }
    }

    private X509v3CertificateBuilder leaf(Authority ca, String commonName, PublicKey key, Duration validity) throws IOException {
        Instant now = Instant.now();
        // valid from a little earlier, for clocks a little behind; at most a tenth of its life, so that a third of its
        // life is still ahead when it is issued (appliances renew then: ADR 0014)
        Duration backdated = validity.dividedBy(10).compareTo(CLOCK_SKEW) < 0 ? validity.dividedBy(10) : CLOCK_SKEW;
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.cert(), serial(), Date.from(now.minus(backdated)),
                Date.from(now.plus(validity)), new X500Name("CN=" + commonName), key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        return b;
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    private static PublicKey verifiedKey(String csrPem) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            if (!(parser.readObject() instanceof PKCS10CertificationRequest csr)) {
                throw new IllegalArgumentException("not a PKCS#10 certificate request");
            }
            PublicKey key = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new IllegalArgumentException("the certificate request is not signed by its own key");
            }
            return key;
        } catch (IOException | OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("unreadable certificate request: " + e.getMessage(), e);
        }
    }

    private static boolean signedBy(X509Certificate cert, PublicKey key) {
        try {
            cert.verify(key);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private KeyPair newKeyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), random);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 on this JVM", e);
        }
    }

    private BigInteger serial() {
        return new BigInteger(64, random).abs().add(BigInteger.ONE);
    }

    private static String keyPem(PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a CA key", e);
        }
    }

    private static String pem(Object o) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }
}

package io.lifeboat.gateway;

import io.lifeboat.pki.ApplianceCertificates;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.logging.Logger;
import javax.net.ssl.X509TrustManager;

/**
 * Accepts, during the TLS handshake, a client certificate that some tenant's appliance CA (or the gateway hosts' CA,
 * ADR 0013) signed and that is within its dates; anything else ends the handshake with a WARNING line. Which tenant, revocation and the appliance id are
 * checked once the stream says which appliance it is ({@link ApplianceControlServer}).
 */
final class TenantCaTrustManager implements X509TrustManager {

    private static final Logger LOG = Logger.getLogger(TenantCaTrustManager.class.getName());
    private static final X509Certificate[] NO_HINTS = new X509Certificate[0];

    private final ApplianceCertificates certificates;

    TenantCaTrustManager(ApplianceCertificates certificates) {
        this.certificates = certificates;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        X509Certificate leaf = chain[0];
        String who = ApplianceCertificates.commonName(leaf);
        if (certificates.issuingTenant(leaf).isEmpty() && !certificates.issuedToGatewayHost(leaf)) {
            LOG.warning("refused TLS handshake of " + who + ": certificate not issued by any tenant's appliance CA");
            throw new CertificateException("certificate not issued by any tenant's appliance CA");
        }
        try {
            leaf.checkValidity();
        } catch (CertificateException e) {
            LOG.warning("refused TLS handshake of " + who + ": certificate outside its validity (" + e.getMessage() + ")");
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the gateway trusts no server");
    }

    /** No hints: the list would name every tenant's CA to anyone who connects. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_HINTS;
    }
}

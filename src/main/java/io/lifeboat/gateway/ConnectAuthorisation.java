package io.lifeboat.gateway;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.lifeboat.appliance.ControlRpc;
import io.lifeboat.pki.ApplianceCertificates;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.logging.Logger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Admits {@code Enrol} as is (the token decides), and {@code Connect} and {@code Renew} only with a certificate fit for
 * the id it claims,
 * handing the call what it verified through the gRPC context. Logs under the control server's name, where its refusals
 * are read.
 */
final class ConnectAuthorisation implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(ApplianceControlServer.class.getName());
    static final Context.Key<String> VERIFIED_ID = Context.key("lifeboat-verified-appliance");
    static final Context.Key<X509Certificate> VERIFIED_CERT = Context.key("lifeboat-verified-certificate");
    static final Context.Key<SocketAddress> REMOTE = Context.key("lifeboat-remote");
    static final Context.Key<String> INSTANCE = Context.key("lifeboat-instance");
    static final Context.Key<String> LAN_MAC = Context.key("lifeboat-lan-mac");

    /** The calls that need a certificate: all but {@code Enrol}. */
    private static final Set<String> AUTHENTICATED = Set.of(ControlRpc.CONNECT.getFullMethodName(), ControlRpc.RENEW.getFullMethodName());

    private final ApplianceCertificates certificates;

    ConnectAuthorisation(ApplianceCertificates certificates) {
        this.certificates = certificates;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        Context context = Context.current().withValue(REMOTE, remote);
        if (AUTHENTICATED.contains(call.getMethodDescriptor().getFullMethodName())) {
            String claimed = headers.get(ControlRpc.APPLIANCE_ID);
            try {
                X509Certificate cert = peerCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                verify(claimed, cert);
                context = context.withValue(VERIFIED_CERT, cert);
            } catch (ControlRefusal e) {
                LOG.warning("refused control connection of appliance " + claimed + " from " + remote + ": " + e.getMessage());
                call.close(Status.PERMISSION_DENIED.withDescription(e.getMessage()), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            context = context.withValue(VERIFIED_ID, claimed).withValue(INSTANCE, headers.get(ControlRpc.INSTANCE))
                    .withValue(LAN_MAC, headers.get(ControlRpc.LAN_MAC));
        }
        return Contexts.interceptCall(context, call, headers, next);
    }

    private void verify(String claimed, X509Certificate cert) throws ControlRefusal {
        if (claimed == null || claimed.isBlank()) {
            throw new ControlRefusal("no appliance id in the " + ControlRpc.APPLIANCE_HEADER + " header");
        }
        if (certificates.isRevoked(cert)) {
            throw new ControlRefusal("certificate " + cert.getSerialNumber().toString(16) + " of "
                    + ApplianceCertificates.commonName(cert) + " is revoked");
        }
        if (ControlRpc.isGatewayHost(claimed) != certificates.issuedToGatewayHost(cert)) {
            throw new ControlRefusal(ControlRpc.isGatewayHost(claimed) ? "certificate not issued by the gateway hosts' CA"
                    : "a gateway host's certificate presented for an appliance");
        }
        if (!ControlRpc.isGatewayHost(claimed)) {
            String tenant = ControlRpc.tenantOf(claimed);
            String issuer = certificates.issuingTenant(cert)
                    .orElseThrow(() -> new ControlRefusal("certificate not issued by any tenant's appliance CA"));
            if (!issuer.equals(tenant)) {
                throw new ControlRefusal("certificate of tenant " + issuer + " presented for tenant " + tenant);
            }
        }
        if (!ApplianceCertificates.commonName(cert).equals(claimed)) {
            throw new ControlRefusal("certificate was issued to " + ApplianceCertificates.commonName(cert));
        }
    }

    private X509Certificate peerCertificate(SSLSession ssl) throws ControlRefusal {
        try {
            if (ssl != null && ssl.getPeerCertificates().length > 0 && ssl.getPeerCertificates()[0] instanceof X509Certificate c) {
                return c;
            }
        } catch (SSLPeerUnverifiedException e) {
            // no certificate: refused below
        }
        throw new ControlRefusal("no client certificate (enrol first)");
    }
}

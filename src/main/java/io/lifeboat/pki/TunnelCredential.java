package io.lifeboat.pki;

import java.time.Instant;

/**
 * One end's identity for the OpenVPN tunnel: a self-signed certificate (PEM), its private key (PKCS#8 PEM, in
 * memory only; at rest it is sealed, see {@link PrivateKeySealer}) and the certificate's SHA-256 fingerprint, which
 * the peer pins with {@code --peer-fingerprint}.
 */
public record TunnelCredential(String certPem, String keyPem, String fingerprint, Instant notAfter) {

    @Override
    public String toString() {
        return "TunnelCredential[" + fingerprint + ", notAfter=" + notAfter + ", key=<hidden>]";
    }
}

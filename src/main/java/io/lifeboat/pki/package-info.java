/**
 * Per-tenant tunnel keys and certificates (BouncyCastle), sealed under the master key: used by the network extension,
 * the lab that builds one, and the master key rotation; and the appliances' control-channel CAs
 * ({@link io.lifeboat.pki.ApplianceCertificates}: one per tenant, plus the gateways' CA). Depends on no other room.
 */
package io.lifeboat.pki;

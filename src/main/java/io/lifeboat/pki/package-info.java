/**
 * Per-tenant tunnel keys and certificates (BouncyCastle), sealed under the master key: used by the network extension,
 * the lab that builds one, and the master key rotation. Depends on no other room.
 */
package io.lifeboat.pki;

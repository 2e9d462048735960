package io.lifeboat.pki;

/**
 * Both ends of one tenant network's tunnel: the tenant NEA (client) and the provider NEA (server). {@code tunnelName}:
 * the network's, {@code <tenant>-n<network id>}.
 */
public record TenantTunnelCredentials(String tunnelName, int generation, TunnelCredential tenantSide, TunnelCredential providerSide) {
}

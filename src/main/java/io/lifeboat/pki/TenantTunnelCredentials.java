package io.lifeboat.pki;

/** Both ends of one tenant network's tunnel: the tenant NEA (client) and the provider NEA (server). */
public record TenantTunnelCredentials(String tenant, int generation, TunnelCredential tenantSide, TunnelCredential providerSide) {
}

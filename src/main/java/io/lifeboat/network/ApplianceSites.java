package io.lifeboat.network;

/**
 * Port: where a tenant's NEAs run (the provider NEA at the tenant's provider site, the tenant NEA at its own site).
 * Implemented by {@code inventory}, which knows sites and placements. Both throw {@link IllegalStateException} when the
 * tenant is not placed yet.
 */
public interface ApplianceSites {

    /** The site of the tenant's provider NEA. */
    ApplianceSite providerSite(long tenantId);

    /** The site of the tenant's own NEA, on its LAN. */
    ApplianceSite tenantSite(long tenantId);
}

package io.lifeboat.network;

import io.lifeboat.appliance.NeaRole;

/**
 * Port: where a tenant's NEAs run (the provider NEA at the tenant's provider site, the tenant NEA at its own site).
 * Implemented by {@code inventory}, which knows sites and placements.
 */
public interface ApplianceSites {

    /** The site of the tenant's NEA of this role; throws {@link IllegalStateException} when the tenant is not placed yet. */
    ApplianceSite of(long tenantId, NeaRole role);
}

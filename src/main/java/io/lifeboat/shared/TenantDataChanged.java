package io.lifeboat.shared;

/**
 * An event after which the screens showing a tenant's data are out of date (a replica's state, a task). Features
 * publish their own events implementing it; the shell relays them, once committed, to the browsers of that tenant
 * (and the provider's) without knowing the features.
 */
public interface TenantDataChanged {

    /** The tenant whose data changed; null when it concerns no single tenant (every open screen refreshes). */
    Long tenantId();
}

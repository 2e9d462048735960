package io.lifeboat.provider;

import io.lifeboat.network.ApplianceResources;

/**
 * One tenant on the provider's dashboard. {@code usedCpus}/{@code usedMemoryMb} are its VMs in failover (what the plan's
 * quota counts); {@code appliances} is what the NEA VMs of its {@code extendedNetworks} use as vCenter configures them,
 * {@code warmNetworks} of which have no VM failed over (kept up after the wizard or the last VM left); null when a
 * vCenter could not be read.
 */
public record TenantOverview(long tenantId, String name, String displayName, long replicas, long inFailover, long errors,
                             int usedCpus, int quotaCpus, int usedMemoryMb, int quotaMemoryMb,
                             ApplianceResources appliances, int extendedNetworks, int warmNetworks) {

    /** VMs in failover and NEA appliances together: what the tenant costs the provider right now. */
    public ApplianceResources inAll() {
        return new ApplianceResources((int) (inFailover + errors), usedCpus, usedMemoryMb)
                .plus(appliances == null ? ApplianceResources.NONE : appliances);
    }
}

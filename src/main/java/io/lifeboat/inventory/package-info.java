/**
 * Inventory: vSphere sites (credentials encrypted at rest), where each tenant's VMs live, and the replicas with their
 * restore points, kept in sync with the provider's vCenter by a periodic job and on demand.
 * The replicas' failover state is not here: the failover state machine owns it.
 */
package io.lifeboat.inventory;

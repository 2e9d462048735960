package io.lifeboat.administration;

import io.lifeboat.inventory.PlacementView;
import io.lifeboat.network.TenantNetworkView;
import io.lifeboat.tenancy.TenantSummary;
import java.util.List;

/** One tenant's set-up for the edit form; {@code placement} null before it has one. */
public record TenantDetails(TenantSummary tenant, PlacementView placement, List<TenantNetworkView> networks) {
}

package io.lifeboat.administration;

import io.lifeboat.inventory.PlacementInfo;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.tenancy.TenantSummary;
import java.util.List;

/** One tenant's set-up for the edit form; {@code placement} null before it has one. */
public record TenantDetails(TenantSummary tenant, PlacementInfo placement, List<TenantNetworkInfo> networks) {
}

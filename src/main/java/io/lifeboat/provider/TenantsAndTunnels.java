package io.lifeboat.provider;

import io.lifeboat.network.TunnelInfo;
import java.util.List;

/** The dashboard's tenants and every tunnel, from one read of the networks' NEA VMs. */
public record TenantsAndTunnels(List<TenantOverview> tenants, List<TunnelInfo> tunnels) {

    public TenantsAndTunnels {
        tenants = List.copyOf(tenants);
        tunnels = List.copyOf(tunnels);
    }
}

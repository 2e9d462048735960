package io.lifeboat.network;

import io.lifeboat.appliance.Ipv4Subnet;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The tenant networks Lifeboat can extend. Callers pass a tenant id they have already checked. */
@Service
public class TenantNetworkService {

    private final TenantNetworkRepository networks;

    TenantNetworkService(TenantNetworkRepository networks) {
        this.networks = networks;
    }

    @Transactional(readOnly = true)
    public List<TenantNetworkInfo> networksOf(long tenantId) {
        return networks.findByTenantIdOrderByName(tenantId).stream().map(TenantNetwork::view).toList();
    }

    @Transactional(readOnly = true)
    public Optional<TenantNetworkInfo> find(long networkId) {
        return networks.findById(networkId).map(TenantNetwork::view);
    }

    @Transactional
    public TenantNetworkInfo ensureNetwork(long tenantId, String name, String subnet, String gateway, int vlan, String providerPortGroup,
                                           String drillPortGroup) {
        Ipv4Subnet.parse(subnet); // reject a malformed subnet before it is stored
        TenantNetwork network = networks.findByTenantIdAndName(tenantId, name)
                .orElseGet(() -> networks.save(new TenantNetwork(tenantId, name, subnet, gateway, vlan, providerPortGroup, drillPortGroup)));
        network.update(name, subnet, gateway, vlan, providerPortGroup, drillPortGroup);
        return network.view();
    }
}

package io.lifeboat.network;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;

/** A tenant LAN that Lifeboat extends to the provider: its subnet, gateway and the provider-side port group. */
@Entity
class TenantNetwork {

    @Id
    @GeneratedValue(generator = "tenant_network_seq")
    @SequenceGenerator(name = "tenant_network_seq", allocationSize = 50)
    private Long id;
    private Long tenantId;
    private String name;
    private String subnet;
    private String gateway;
    private int vlan;
    private String providerPortGroup;
    /** Where a test failover (drill) starts replicas: connected to nothing of the tenant's; null when not declared. */
    private String drillPortGroup;
    /** Where the tenant NEA VM joins the LAN at the tenant's own site; null when not declared (no NEA VMs then). */
    private String tenantPortGroup;
    /** Whether the tenant NEA stays running between failovers, so a cold failover boots only the provider NEA. */
    private boolean tenantNeaKeptRunning;

    protected TenantNetwork() {
    }

    TenantNetwork(Long tenantId, String name, String subnet, String gateway, int vlan, String providerPortGroup, String drillPortGroup) {
        this.tenantId = tenantId;
        update(name, subnet, gateway, vlan, providerPortGroup, drillPortGroup);
    }

    void update(String name, String subnet, String gateway, int vlan, String providerPortGroup, String drillPortGroup) {
        this.drillPortGroup = drillPortGroup;
        this.name = name;
        this.subnet = subnet;
        this.gateway = gateway;
        this.vlan = vlan;
        this.providerPortGroup = providerPortGroup;
    }

    void tenantPortGroup(String portGroup) {
        this.tenantPortGroup = portGroup;
    }

    void keepTenantNeaRunning(boolean keep) {
        this.tenantNeaKeptRunning = keep;
    }

    TenantNetworkInfo view() {
        return new TenantNetworkInfo(id, tenantId, name, subnet, gateway, vlan, providerPortGroup, drillPortGroup, tenantPortGroup,
                tenantNeaKeptRunning);
    }

    String getName() {
        return name;
    }

    Long getTenantId() {
        return tenantId;
    }
}

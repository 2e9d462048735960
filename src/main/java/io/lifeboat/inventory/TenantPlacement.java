package io.lifeboat.inventory;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;

/** Where a tenant's VMs live: production VMs in a folder of its own vCenter, replicas in a folder at the provider. */
@Entity
class TenantPlacement {

    @Id
    private Long tenantId;
    @ManyToOne(optional = false)
    @JoinColumn(name = "tenant_site_id")
    private Site tenantSite;
    private String tenantFolder;
    @ManyToOne(optional = false)
    @JoinColumn(name = "provider_site_id")
    private Site providerSite;
    private String providerFolder;

    protected TenantPlacement() {
    }

    TenantPlacement(Long tenantId) {
        this.tenantId = tenantId;
    }

    void place(Site tenantSite, String tenantFolder, Site providerSite, String providerFolder) {
        this.tenantSite = tenantSite;
        this.tenantFolder = tenantFolder;
        this.providerSite = providerSite;
        this.providerFolder = providerFolder;
    }

    Long getTenantId() {
        return tenantId;
    }

    Site getTenantSite() {
        return tenantSite;
    }

    String getTenantFolder() {
        return tenantFolder;
    }

    Site getProviderSite() {
        return providerSite;
    }

    String getProviderFolder() {
        return providerFolder;
    }
}

package io.lifeboat.administration;

import io.lifeboat.provider.ProviderDashboardService;
import io.lifeboat.provider.TenantOverview;
import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.PlacementInfo;
import io.lifeboat.inventory.SiteService;
import io.lifeboat.network.NetworkExtensionException;
import io.lifeboat.network.NetworkExtensionService;
import io.lifeboat.network.NetworkForm;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.AdministrativeChange;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenants as the provider sets them up in the portal (provider administrators only). {@link #save} checks everything
 * first, the folders and port groups at the sites included, and then writes tenant, placement and networks in one
 * transaction: either all of it is saved or none.
 */
@Service
public class TenantAdministrationService {

    private final TenancyService tenancy;
    private final InventoryService inventory;
    private final SiteService sites;
    private final TenantNetworkService networks;
    private final NetworkExtensionService extensions;
    private final ProviderDashboardService replicas;
    private final CurrentTenant currentTenant;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;

    TenantAdministrationService(TenancyService tenancy, InventoryService inventory, SiteService sites, TenantNetworkService networks,
                                NetworkExtensionService extensions, ProviderDashboardService replicas, CurrentTenant currentTenant, ApplicationEventPublisher events,
                                PlatformTransactionManager transactionManager) {
        this.tenancy = tenancy;
        this.inventory = inventory;
        this.sites = sites;
        this.networks = networks;
        this.extensions = extensions;
        this.replicas = replicas;
        this.currentTenant = currentTenant;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Every tenant with its use of its plan. */
    public List<TenantRow> tenants() {
        currentTenant.requireProvider();
        Map<Long, TenantOverview> use = replicas.tenants().stream().collect(Collectors.toMap(TenantOverview::tenantId, Function.identity()));
        return tenancy.listTenants().stream().map(tenant -> {
            TenantOverview overview = use.get(tenant.id());
            return overview == null ? new TenantRow(tenant, 0, 0, 0)
                    : new TenantRow(tenant, overview.inFailover() + overview.errors(), overview.usedCpus(), overview.usedMemoryMb());
        }).toList();
    }

    public TenantDetails tenant(long tenantId) {
        currentTenant.requireProvider();
        TenantSummary tenant = tenancy.findTenant(tenantId).orElseThrow(() -> new InvalidInputException(null, "There is no tenant " + tenantId + "."));
        return new TenantDetails(tenant, inventory.placementOf(tenantId).orElse(null), networks.networksOf(tenantId));
    }

    /** Creates or updates the tenant with its plan, placement and networks; returns it. */
    public TenantSummary save(TenantForm form) {
        String actor = currentTenant.requireProvider().username();
        if (form.id() != null) {
            tenancy.findTenant(form.id()).filter(TenantSummary::managedByConfiguration).ifPresent(managed -> {
                throw new AccessDeniedException("Tenant " + managed.name() + " is managed by configuration (lifeboat.setup): change it there.");
            });
        }
        requireFolder(form.tenantSite(), form.tenantFolder(), "tenantSite", "tenantFolder");
        requireFolder(form.providerSite(), form.providerFolder(), "providerSite", "providerFolder");
        requireFoldersOfItsOwn(form);
        requireNoMoveWhileInFailover(form);
        networks.checkNetworks(form.networks());
        List<String> portGroups = siteLists(form.providerSite(), "providerSite", sites::networks);
        for (int i = 0; i < form.networks().size(); i++) {
            NetworkForm network = form.networks().get(i);
            if (!portGroups.contains(network.providerPortGroup().trim())) {
                throw new InvalidInputException("network." + i + ".providerPortGroup", "There is no port group '"
                        + network.providerPortGroup() + "' at site " + form.providerSite() + ".");
            }
            if (network.drillPortGroupOrNull() != null && !portGroups.contains(network.drillPortGroupOrNull())) {
                throw new InvalidInputException("network." + i + ".drillPortGroup", "There is no port group '"
                        + network.drillPortGroup() + "' at site " + form.providerSite() + ".");
            }
        }
        networks.checkDrillIsolation(form.id(), form.networks());
        return transactions.execute(status -> {
            HardwarePlan plan = new HardwarePlan(form.cpus(), form.memoryMb());
            TenantSummary tenant = form.id() == null ? tenancy.createTenant(form.name() == null ? null : form.name().trim(), form.displayName(), plan)
                    : tenancy.updateTenant(form.id(), form.displayName(), plan);
            inventory.placeTenant(tenant.id(), form.tenantSite(), folder(form.tenantFolder()), form.providerSite(), folder(form.providerFolder()));
            networks.saveNetworks(tenant.id(), form.networks());
            events.publishEvent(new AdministrativeChange(actor, tenant.id(), "Placement and networks of " + tenant.name() + " saved",
                    "originals at " + form.tenantSite() + "/" + folder(form.tenantFolder()) + ", replicas at " + form.providerSite() + "/"
                            + folder(form.providerFolder()) + ", " + form.networks().size() + " network(s)"));
            return tenant;
        });
    }

    /** Disables or enables a tenant; refused while any of its VMs is in failover (its users must be able to fail back). */
    public void setEnabled(long tenantId, boolean enabled) {
        currentTenant.requireProvider();
        if (!enabled) {
            int busy = replicas.replicasInFailover(tenantId).size();
            if (busy > 0) {
                throw new AccessDeniedException("The tenant has " + busy + (busy == 1 ? " VM" : " VMs")
                        + " in failover or failback: its users must be able to bring them back first. Disable it once every VM is Ready.");
            }
        }
        transactions.executeWithoutResult(status -> tenancy.setTenantEnabled(tenantId, enabled));
    }

    /**
     * Removes one of a tenant's networks; refused while a replica is connected to it (it would fail over into nothing)
     * and for a tenant managed by configuration. Its NEA VMs are destroyed after the removal committed (vSphere is never
     * called inside a transaction); when a site cannot be reached, the network is still gone and the message says which
     * VMs to delete by hand.
     */
    public void removeNetwork(long tenantId, long networkId) {
        String actor = currentTenant.requireProvider().username();
        TenantNetworkInfo gone = transactions.execute(status -> {
            TenantSummary tenant = tenancy.findTenant(tenantId).orElseThrow(() -> new InvalidInputException(null, "There is no tenant " + tenantId + "."));
            if (tenant.managedByConfiguration()) {
                throw new AccessDeniedException("Tenant " + tenant.name() + " is managed by configuration (lifeboat.setup): change its networks there.");
            }
            List<String> using = inventory.replicasOnNetwork(tenantId, networkId);
            if (!using.isEmpty()) {
                throw new InvalidInputException(null, "The network is in use by " + using.size() + (using.size() == 1 ? " replica" : " replicas")
                        + " (" + String.join(", ", using) + "): they join it when they fail over. Connect them to another network first.");
            }
            TenantNetworkInfo removed = networks.remove(tenantId, networkId)
                    .orElseThrow(() -> new InvalidInputException(null, "Tenant " + tenant.name() + " has no such network."));
            events.publishEvent(new AdministrativeChange(actor, tenantId, "Network " + removed.name() + " of " + tenant.name() + " removed",
                    removed.subnet() + ", VLAN " + removed.vlan()));
            return removed;
        });
        try {
            extensions.removeAppliances(tenantId, gone);
        } catch (NetworkExtensionException e) {
            throw new InvalidInputException(null, "The network was removed, but " + e.getMessage()
                    + " Delete its NEA VMs (folder lifeboat-appliances) in vCenter by hand.");
        }
    }

    private void requireFolder(String site, String folder, String siteField, String folderField) {
        if (site == null || site.isBlank()) {
            throw new InvalidInputException(siteField, "Choose a site.");
        }
        if (!siteLists(site, siteField, sites::folders).contains(folder(folder))) {
            throw new InvalidInputException(folderField, "There is no folder '" + folder(folder) + "' at site " + site + ".");
        }
    }

    /** A sync reads a folder's whole subtree: a folder shared with another tenant, or nested in one, hands it their VMs. */
    private void requireFoldersOfItsOwn(TenantForm form) {
        requireFolderOfItsOwn(form.id(), form.tenantSite(), form.tenantFolder(), "tenantFolder");
        requireFolderOfItsOwn(form.id(), form.providerSite(), form.providerFolder(), "providerFolder");
    }

    private void requireFolderOfItsOwn(Long tenantId, String site, String folder, String field) {
        inventory.tenantSharing(tenantId, site, folder).ifPresent(other -> {
            throw new InvalidInputException(field, sharedFolder(site, folder, tenancy.findTenant(other).map(TenantSummary::name).orElse("#" + other)));
        });
    }

    private static String sharedFolder(String site, String folder, String otherTenant) {
        return "Folder '" + folder(folder) + "' at site " + site + " is, holds or lies in a folder of tenant " + otherTenant
                + ": give each tenant folders of its own, or each would see and fail over the other's VMs.";
    }

    /** The runners find a failed-over VM's replica and original where the placement says: it must not move under them. */
    private void requireNoMoveWhileInFailover(TenantForm form) {
        if (form.id() == null) {
            return;
        }
        PlacementInfo asked = new PlacementInfo(form.tenantSite(), folder(form.tenantFolder()), form.providerSite(), folder(form.providerFolder()));
        if (inventory.placementOf(form.id()).map(asked::equals).orElse(true)) {
            return;
        }
        int busy = replicas.replicasInFailover(form.id()).size();
        if (busy > 0) {
            throw new InvalidInputException(null, "The tenant has " + busy + (busy == 1 ? " VM" : " VMs") + " in failover or failback, running"
                    + " where its sites and folders say now. Change them once every VM is Ready; the plan and networks can be saved as they are.");
        }
    }

    private static List<String> siteLists(String site, String field, Function<String, List<String>> list) {
        try {
            return list.apply(site);
        } catch (HypervisorException e) {
            throw new InvalidInputException(field, e.getMessage());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.getMessage());
        }
    }

    private static String folder(String path) {
        return Hypervisor.folderPath(path);
    }
}

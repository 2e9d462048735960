package io.lifeboat.inventory;

import io.lifeboat.network.NetworkForm;
import io.lifeboat.network.TenantNetworkInfo;
import io.lifeboat.network.TenantNetworkService;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Applies {@link ProviderSetupProperties} at start-up; idempotent, so it runs on every start and on every node. */
@Component
@EnableConfigurationProperties(ProviderSetupProperties.class)
class ProviderSetup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProviderSetup.class);

    private final ProviderSetupProperties setup;
    private final InventoryService inventory;
    private final TenancyService tenancy;
    private final TenantNetworkService networks;

    ProviderSetup(ProviderSetupProperties setup, InventoryService inventory, TenancyService tenancy, TenantNetworkService networks) {
        this.setup = setup;
        this.inventory = inventory;
        this.tenancy = tenancy;
        this.networks = networks;
    }

    @Override
    public void run(ApplicationArguments args) {
        setup.sites().forEach((name, site) -> {
            if (!inventory.registerConfiguredSite(name, site.url(), site.username(), site.password(), site.trustAllCertificates(),
                    site.certificateSha256())) {
                log.warn("Site {} is declared in lifeboat.setup but was created in the portal: left as it is. Delete it in the"
                        + " portal or remove it from the configuration.", name);
            } else {
                inventory.configureAppliances(name, site.applianceTemplate(), site.applianceUplinkNetwork(), false);
            }
        });
        for (Map.Entry<String, ProviderSetupProperties.TenantSetup> entry : setup.tenants().entrySet()) {
            applyTenant(entry.getKey(), entry.getValue());
        }
        if (!setup.sites().isEmpty() || !setup.tenants().isEmpty()) {
            log.info("Provider setup applied: {} sites, {} tenants", setup.sites().size(), setup.tenants().size());
        }
    }

    private void applyTenant(String name, ProviderSetupProperties.TenantSetup tenant) {
        Optional<TenantSummary> existing = tenancy.findTenantByName(name);
        if (existing.filter(found -> !found.managedByConfiguration()).isPresent()) {
            log.warn("Tenant {} is declared in lifeboat.setup but was created in the portal: left as it is. Remove it from"
                    + " the configuration, or manage it only in the portal.", name);
            return;
        }
        List<NetworkForm> forms = tenant.networks().entrySet().stream().map(declared -> new NetworkForm(declared.getKey(),
                declared.getValue().subnet(), declared.getValue().gateway(), declared.getValue().vlan(),
                declared.getValue().providerPortGroup(), declared.getValue().drillPortGroup())).toList();
        Long existingId = existing.map(TenantSummary::id).orElse(null);
        // checked before anything of the tenant is written: a refused start leaves no half-made tenant behind
        checkNetworks(name, existingId, forms);
        requireFolderOfItsOwn(name, existingId, tenant.tenantSite(), tenant.tenantFolder());
        requireFolderOfItsOwn(name, existingId, tenant.providerSite(), tenant.providerFolder());
        long tenantId = tenancy.ensureTenant(name, tenant.displayName(), new HardwarePlan(tenant.quotaCpus(), tenant.quotaMemoryMb())).id();
        tenancy.markManagedByConfiguration(tenantId);
        inventory.placeTenant(tenantId, tenant.tenantSite(), tenant.tenantFolder(), tenant.providerSite(), tenant.providerFolder());
        List<TenantNetworkInfo> saved = networks.saveNetworks(tenantId, forms);
        for (int i = 0; i < forms.size(); i++) {
            String networkName = forms.get(i).name();
            try {
                networks.setTenantPortGroup(saved.get(i).id(), tenant.networks().get(networkName).tenantPortGroup());
            } catch (InvalidInputException e) {
                throw refused(name, networkName, e);
            }
        }
    }

    /**
     * As the portal's tenant form checks them: a network declared here was stored unchecked, so a drill port group equal
     * to a production port group started test failovers next to the production VMs, with their IPs.
     */
    private void checkNetworks(String name, Long tenantId, List<NetworkForm> forms) {
        try {
            networks.checkNetworks(forms);
            networks.checkDrillIsolation(tenantId, forms);
        } catch (InvalidInputException e) {
            String[] field = e.field() == null ? new String[0] : e.field().split("\\.");
            throw refused(name, field.length == 3 ? forms.get(Integer.parseInt(field[1])).name() : null, e);
        }
    }

    /** Start-up stops, saying which key of the configuration to change: the message is the one the portal's form shows. */
    private static IllegalStateException refused(String tenant, String network, InvalidInputException e) {
        String field = e.field() == null ? "" : e.field().substring(e.field().lastIndexOf('.') + 1);
        String key = "lifeboat.setup.tenants." + tenant + ".networks" + (network == null ? "" : "." + network
                + (field.isEmpty() ? "" : "." + field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT)));
        return new IllegalStateException("Tenant " + tenant + " in lifeboat.setup: " + e.getMessage() + " Change " + key + ".", e);
    }

    /** As the portal's tenant form: two tenants sharing a folder, or one nested in the other's, would see each other's VMs. */
    private void requireFolderOfItsOwn(String name, Long tenantId, String site, String folder) {
        inventory.tenantSharing(tenantId, site, folder).ifPresent(other -> {
            throw new IllegalStateException("Tenant " + name + " in lifeboat.setup: folder '" + folder + "' at site " + site + " is, holds or"
                    + " lies in a folder of tenant " + tenancy.findTenant(other).map(TenantSummary::name).orElse("#" + other)
                    + ". Give each tenant folders of its own, or each would see and fail over the other's VMs.");
        });
    }
}

package io.lifeboat.provider.web;

import io.lifeboat.inventory.SiteContact;
import io.lifeboat.inventory.SiteService;
import io.lifeboat.inventory.SiteSummary;
import io.lifeboat.network.TunnelInfo;
import io.lifeboat.provider.ProviderDashboardService;
import io.lifeboat.replica.web.ReplicaJson;
import io.lifeboat.provider.TenantOverview;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The provider's view across tenants (provider administrators only; the service checks the role). Every tenant's tasks: GET /api/v1/tasks. */
@RestController
@RequestMapping("/api/v1/provider")
@Tag(name = "Provider")
class ProviderController {

    private final ProviderDashboardService overview;
    private final SiteService sites;

    ProviderController(ProviderDashboardService overview, SiteService sites) {
        this.overview = overview;
        this.sites = sites;
    }

    @GetMapping("/tenants")
    @Operation(summary = "Every tenant with its replica counts, quota use and what its running NEA appliances use (vCPU, RAM)")
    List<TenantOverview> tenants() {
        return overview.tenants();
    }

    /** A VM not Ready (in failover, failing back, in error) with its tenant. */
    record VmInFailover(long tenantId, ReplicaJson replica) {
    }

    @GetMapping("/networks")
    @Operation(summary = "Every tenant's networks with their VPN tunnel and what their running NEA appliances use (vCPU, RAM)")
    List<TunnelInfo> networks() {
        return overview.allTunnels();
    }

    @GetMapping("/failovers")
    @Operation(summary = "Every VM in failover (not Ready) across tenants, or of one tenant")
    List<VmInFailover> failovers(@RequestParam(required = false) Long tenantId) {
        return overview.replicasInFailover(tenantId).stream().map(r -> new VmInFailover(r.tenantId(), ReplicaJson.of(r, null))).toList();
    }

    /** How a site's vCenter did at its last check (each minute): a monitoring system's view of the Sites page. */
    record SiteHealth(String name, String url, long tenants, Status status, Instant checkedAt, Instant failingSince, String error) {

        enum Status { WORKING, FAILING, NOT_CHECKED }

        static SiteHealth of(SiteSummary site) {
            SiteContact contact = site.contact();
            Status status = !contact.checked() ? Status.NOT_CHECKED : contact.failing() ? Status.FAILING : Status.WORKING;
            return new SiteHealth(site.name(), site.url(), site.tenantsPlaced(), status, contact.checkedAt(), contact.failingSince(), contact.error());
        }
    }

    @GetMapping("/sites")
    @Operation(summary = "Every site with how its vCenter did at its last check: WORKING, FAILING (since when, the last error) or NOT_CHECKED")
    List<SiteHealth> sites() {
        return sites.listSites().stream().map(SiteHealth::of).toList();
    }
}

package io.lifeboat.provider.web;

import io.lifeboat.network.TunnelInfo;
import io.lifeboat.provider.ProviderDashboardService;
import io.lifeboat.replica.web.ReplicaJson;
import io.lifeboat.provider.TenantOverview;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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

    ProviderController(ProviderDashboardService overview) {
        this.overview = overview;
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
}

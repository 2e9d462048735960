package io.lifeboat.failover.web;

import io.lifeboat.failover.ReplicaOverviewService;
import io.lifeboat.network.TunnelView;
import io.lifeboat.tenancy.CurrentTenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's extended networks with their VPN tunnel status (every tenant's for the provider). */
@RestController
@Tag(name = "Networks")
class NetworkController {

    private final ReplicaOverviewService overview;
    private final CurrentTenant currentTenant;

    NetworkController(ReplicaOverviewService overview, CurrentTenant currentTenant) {
        this.overview = overview;
        this.currentTenant = currentTenant;
    }

    /** Networks and why they are not extended on this installation (null when they are). */
    record Networks(List<TunnelView> networks, String unavailableReason) {
    }

    @GetMapping("/api/v1/networks")
    @Operation(summary = "Networks with their VPN tunnel: up or down, round-trip time, traffic, failed-over IPs")
    Networks networks() {
        List<TunnelView> tunnels = currentTenant.get().isProvider() ? overview.allTunnels() : overview.tunnels();
        return new Networks(tunnels, overview.networkExtensionUnavailableReason());
    }
}

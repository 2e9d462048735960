package io.lifeboat.replica.web;

import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.network.TunnelInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's networks with their VPN tunnel status (the provider's view: GET /api/v1/provider/networks). */
@RestController
@Tag(name = "Networks")
class NetworkController {

    private final ReplicaOverviewService overview;

    NetworkController(ReplicaOverviewService overview) {
        this.overview = overview;
    }

    /** Networks and why they are not extended on this installation (null when they are). */
    record Networks(List<TunnelInfo> networks, String unavailableReason) {
    }

    @GetMapping("/api/v1/networks")
    @Operation(summary = "Networks with their VPN tunnel: up or down, round-trip time, traffic, failed-over IPs, what the running NEA appliances use")
    Networks networks() {
        List<TunnelInfo> tunnels = overview.tunnels();
        return new Networks(tunnels, overview.networkExtensionUnavailableReason());
    }
}

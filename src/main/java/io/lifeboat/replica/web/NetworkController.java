package io.lifeboat.replica.web;

import io.lifeboat.network.TunnelInfo;
import io.lifeboat.network.UnknownNetworkException;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.tasks.web.TaskJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The tenant's networks with their VPN tunnel status (the provider's view: GET /api/v1/provider/networks). */
@RestController
@Tag(name = "Networks")
class NetworkController {

    private final ReplicaOverviewService overview;
    private final OperationAnswers answers;

    NetworkController(ReplicaOverviewService overview, OperationAnswers answers) {
        this.overview = overview;
        this.answers = answers;
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

    /** Whether a network's tenant NEA stays running between failovers. */
    record TenantNeaSetting(boolean keptRunning) {
    }

    @PutMapping("/api/v1/networks/{networkId}/tenant-nea")
    @Operation(summary = "Keep the network's tenant NEA running between failovers, on your hosts (or stop keeping it): a failover started"
            + " without the wizard then boots only the provider NEA. Answers 202 with the Administration task that applies it.")
    ResponseEntity<TaskJson> keepTenantNea(@PathVariable long networkId, @RequestBody TenantNeaSetting setting,
                                           @RequestHeader(value = OperationAnswers.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        try {
            return answers.started(idempotencyKey, setting, () -> overview.keepTenantNeaRunning(networkId, setting.keptRunning()));
        } catch (UnknownNetworkException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }
}

package io.lifeboat.failover.web;

import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.replica.web.OperationAnswers;
import io.lifeboat.tasks.web.TaskJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Starting a partial failover, as the wizard does (the same pre-flight checks, warnings answered with 409), and undoing it. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Failovers")
class FailoverController {

    private final FailoverService failover;
    private final OperationAnswers answers;

    FailoverController(FailoverService failover, OperationAnswers answers) {
        this.failover = failover;
        this.answers = answers;
    }

    /** The VMs to fail over, a restore point each, and whether pre-flight warnings are accepted. */
    record FailoverBody(@NotEmpty List<@Valid Vm> vms, boolean overrideWarnings) {

        record Vm(@NotNull Long replicaId, @NotNull Long restorePointId) {
        }
    }

    @PostMapping("/failovers")
    @Operation(summary = "Start a partial failover (202 with the task); pre-flight warnings answer 409 unless overrideWarnings is set")
    ResponseEntity<TaskJson> start(@Valid @RequestBody FailoverBody body,
                                   @RequestHeader(name = OperationAnswers.IDEMPOTENCY_KEY, required = false) String key) {
        body.vms().forEach(vm -> answers.replicaOrNotFound(vm.replicaId()));
        FailoverRequest request = new FailoverRequest(body.vms().stream()
                .map(vm -> new FailoverRequest.VmChoice(vm.replicaId(), vm.restorePointId())).toList(), body.overrideWarnings());
        return answers.started(key, () -> failover.startFailover(request));
    }

    @PostMapping("/replicas/{id}/undo-failover")
    @Operation(summary = "Undo failover: the replica is powered off and reverted; every change made in it is lost")
    ResponseEntity<TaskJson> undoFailover(@PathVariable long id, @RequestHeader(name = OperationAnswers.IDEMPOTENCY_KEY, required = false) String key) {
        answers.replicaOrNotFound(id);
        return answers.started(key, () -> failover.undoFailover(id));
    }

    @PostMapping("/replicas/{id}/power-off-original")
    @Operation(summary = "IP conflict (split brain): power off the original VM at your site that claims the failed-over replica's IP"
            + " (204; 409 when the replica has no conflict)")
    ResponseEntity<Void> powerOffOriginal(@PathVariable long id) {
        answers.replicaOrNotFound(id);
        failover.powerOffOriginal(id);
        return ResponseEntity.noContent().build();
    }
}

package io.lifeboat.failover.web;

import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.failover.NetworkWarmUp;
import io.lifeboat.failover.Preflight;
import io.lifeboat.failover.PreflightFinding;
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

/**
 * Starting a partial failover, as the wizard does (the same pre-flight checks, warnings answered with 409), and undoing it;
 * an automation can first warm the networks up and read the pre-flight, as the wizard's opening and summary do.
 */
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
    record FailoverBody(@NotEmpty(message = "Choose at least one VM to fail over.") List<@Valid Vm> vms, boolean overrideWarnings) {

        record Vm(@NotNull(message = "Give the id of the replica to fail over.") Long replicaId,
                  @NotNull(message = "Give the id of the restore point to start the VM from.") Long restorePointId) {
        }
    }

    @PostMapping("/failovers")
    @Operation(summary = "Start a partial failover (202 with the task); pre-flight warnings answer 409 unless overrideWarnings is set")
    ResponseEntity<TaskJson> start(@Valid @RequestBody FailoverBody body,
                                   @RequestHeader(name = OperationAnswers.IDEMPOTENCY_KEY, required = false) String key) {
        body.vms().forEach(vm -> answers.replicaOrNotFound(vm.replicaId()));
        FailoverRequest request = request(body);
        return answers.started(key, request, () -> failover.startFailover(request));
    }

    /** The pre-flight's answer: whether the failover can start, whether warnings need {@code overrideWarnings}, and why. */
    record PreflightAnswer(boolean blocked, boolean warningsToConfirm, List<PreflightFinding> findings, int requestedCpus,
                           int requestedMemoryMb, int usedCpus, int usedMemoryMb, int quotaCpus, int quotaMemoryMb) {

        static PreflightAnswer of(Preflight preflight) {
            return new PreflightAnswer(preflight.hasBlockers(), preflight.hasWarnings(), preflight.findings(), preflight.requestedCpus(),
                    preflight.requestedMemoryMb(), preflight.usedCpus(), preflight.usedMemoryMb(), preflight.quotaCpus(), preflight.quotaMemoryMb());
        }
    }

    @PostMapping("/failovers/preflight")
    @Operation(summary = "The wizard's summary: the pre-flight checks of a failover without starting it (quota, the originals' power state,"
            + " a probe of each IP on your LAN). A failover started within a minute reuses the probe, and the NEAs the probe started stay up"
            + " for it; overrideWarnings is ignored here")
    PreflightAnswer preflight(@Valid @RequestBody FailoverBody body) {
        body.vms().forEach(vm -> answers.replicaOrNotFound(vm.replicaId()));
        return PreflightAnswer.of(failover.preflight(request(body)));
    }

    /** The networks now warming up, how long they then wait for a failover, and why none does when the list is empty. */
    record WarmUpAnswer(List<Long> networkIds, long keptUpForSeconds, String notWarmedBecause) {
    }

    @PostMapping("/failovers/warm-up")
    @Operation(summary = "Announce a failover: the NEA pair and tunnel of each of your networks with replicas start in the background,"
            + " as when the wizard opens (202), so a failover started next finds them up instead of booting them; unused, they are"
            + " let go after keptUpForSeconds")
    ResponseEntity<WarmUpAnswer> warmUp() {
        NetworkWarmUp warmUp = failover.announceFailover();
        return ResponseEntity.accepted().body(new WarmUpAnswer(warmUp.networkIds(), warmUp.keptUpFor().toSeconds(), warmUp.notWarmedBecause()));
    }

    private static FailoverRequest request(FailoverBody body) {
        return new FailoverRequest(body.vms().stream()
                .map(vm -> new FailoverRequest.VmChoice(vm.replicaId(), vm.restorePointId())).toList(), body.overrideWarnings());
    }

    @PostMapping("/replicas/{id}/undo-failover")
    @Operation(summary = "Undo failover: the replica is powered off and reverted; every change made in it is lost")
    ResponseEntity<TaskJson> undoFailover(@PathVariable long id, @RequestHeader(name = OperationAnswers.IDEMPOTENCY_KEY, required = false) String key) {
        answers.replicaOrNotFound(id);
        return answers.started(key, null, () -> failover.undoFailover(id));
    }

    @PostMapping("/replicas/{id}/power-off-original")
    @Operation(summary = "IP conflict (split brain): power off the original VM at your site that claims the failed-over replica's IP"
            + " (204; 409 when the replica has no conflict). The replica's ipConflict ends, and replica.ip-conflict-over is sent,"
            + " once nothing else answers for the IP: within seconds")
    ResponseEntity<Void> powerOffOriginal(@PathVariable long id) {
        answers.replicaOrNotFound(id);
        failover.powerOffOriginal(id);
        return ResponseEntity.noContent().build();
    }
}

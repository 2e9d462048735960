package io.lifeboat.failback.web;

import io.lifeboat.failback.FailbackService;
import io.lifeboat.failback.FailbackTarget;
import io.lifeboat.replica.web.OperationAnswers;
import io.lifeboat.tasks.web.TaskJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Failback of a failed-over replica, and its commit or undo: the same service as the replica page's actions. */
@RestController
@RequestMapping("/api/v1/replicas")
@Tag(name = "Failback")
class FailbackController {

    private final FailbackService failback;
    private final OperationAnswers answers;

    FailbackController(FailbackService failback, OperationAnswers answers) {
        this.failback = failback;
        this.answers = answers;
    }

    /** Where a failback goes: {@code newVmName} null or absent for the original VM. */
    record FailbackBody(String newVmName) {
    }

    @PostMapping("/{id}/failback")
    @Operation(summary = "Failback to the original VM at the tenant site, or to a new VM of the given name")
    ResponseEntity<TaskJson> failback(@PathVariable long id, @RequestBody(required = false) FailbackBody body,
                                      @RequestHeader(name = OperationAnswers.IDEMPOTENCY_KEY, required = false) String key) {
        answers.replicaOrNotFound(id);
        FailbackTarget target = body == null || body.newVmName() == null ? FailbackTarget.original() : FailbackTarget.newVm(body.newVmName());
        return answers.started(key, target, () -> failback.startFailback(id, target));
    }

    @PostMapping("/{id}/commit-failback")
    @Operation(summary = "Commit failback: the replica becomes Ready; the VM at the tenant site stays on")
    ResponseEntity<TaskJson> commitFailback(@PathVariable long id, @RequestHeader(name = OperationAnswers.IDEMPOTENCY_KEY, required = false) String key) {
        answers.replicaOrNotFound(id);
        return answers.started(key, null, () -> failback.commitFailback(id));
    }

    @PostMapping("/{id}/undo-failback")
    @Operation(summary = "Undo failback: the VM at the tenant site is powered off and the replica runs again")
    ResponseEntity<TaskJson> undoFailback(@PathVariable long id, @RequestHeader(name = OperationAnswers.IDEMPOTENCY_KEY, required = false) String key) {
        answers.replicaOrNotFound(id);
        return answers.started(key, null, () -> failback.undoFailback(id));
    }
}

package io.lifeboat.drill.web;

import io.lifeboat.drill.DrillCheck;
import io.lifeboat.drill.DrillInfo;
import io.lifeboat.drill.DrillRefusedException;
import io.lifeboat.drill.DrillRequest;
import io.lifeboat.drill.DrillService;
import io.lifeboat.replica.web.OperationAnswers;
import io.lifeboat.tasks.web.TaskJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Test failovers (DR drills) for an automation, as the wizard and the drills page run them: check, start, read the
 * evidence, end. Another tenant's drill or replica answers 404 exactly like a missing one.
 */
@RestController
@RequestMapping("/api/v1/drills")
@Tag(name = "Test failovers")
class DrillController {

    private final DrillService drills;
    private final OperationAnswers answers;

    DrillController(DrillService drills, OperationAnswers answers) {
        this.drills = drills;
        this.answers = answers;
    }

    /** The VMs to test, a restore point and the checks ("ping", "tcp:443"; none: a ping) each, and the time limit (ISO 8601, PT8H if none). */
    record DrillBody(@NotEmpty(message = "Choose at least one VM to test.") List<@Valid Vm> vms, Duration timeLimit) {

        record Vm(@NotNull(message = "Give the id of the replica to test.") Long replicaId,
                  @NotNull(message = "Give the id of the restore point to start the VM from.") Long restorePointId, List<String> checks) {
        }
    }

    /** Whether the drill would be refused now, and every reason. */
    record ChecksAnswer(boolean blocked, List<String> problems) {
    }

    @GetMapping
    @Operation(summary = "Your test failovers, newest first, each with its evidence (the provider: every tenant's)")
    List<DrillInfo> list() {
        return drills.drills();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One test failover's evidence: its VMs, their checks and timings, and once ended the sealed report's reportSha256")
    DrillInfo one(@PathVariable long id) {
        return drills.find(id).orElseThrow(() -> notFound(id));
    }

    @PostMapping("/checks")
    @Operation(summary = "The wizard's summary: what would refuse this test failover now (state, restore points, isolated port groups,"
            + " quota, and whether the provider's vCenter answers), without starting it")
    ChecksAnswer checks(@Valid @RequestBody DrillBody body) {
        body.vms().forEach(vm -> answers.replicaOrNotFound(vm.replicaId()));
        List<String> problems = drills.problems(request(body));
        return new ChecksAnswer(!problems.isEmpty(), problems);
    }

    @PostMapping
    @Operation(summary = "Start a test failover (202 with the drill; Location is its evidence): the replicas start in their networks'"
            + " isolated port groups and the checks run inside; 409 with every reason when it cannot start")
    ResponseEntity<DrillInfo> start(@Valid @RequestBody DrillBody body,
                                    @RequestHeader(name = OperationAnswers.IDEMPOTENCY_KEY, required = false) String key) {
        body.vms().forEach(vm -> answers.replicaOrNotFound(vm.replicaId()));
        DrillRequest request = request(body);
        long taskId = answers.startOnce(key, request, () -> drills.find(drills.start(request)).orElseThrow().taskId());
        DrillInfo drill = drills.findStartedBy(taskId).orElseThrow();
        return ResponseEntity.accepted().location(URI.create("/api/v1/drills/" + drill.id())).body(drill);
    }

    @PostMapping("/{id}/end")
    @Operation(summary = "End a running test failover (202 with the task): its replicas are powered off, reverted and Ready again, and"
            + " the report is sealed")
    ResponseEntity<TaskJson> end(@PathVariable long id, @RequestHeader(name = OperationAnswers.IDEMPOTENCY_KEY, required = false) String key) {
        one(id);
        return answers.started(key, null, () -> drills.end(id));
    }

    /** A check that is neither ping nor tcp:port is a 400 naming it, like any value of the wrong kind. */
    private static DrillRequest request(DrillBody body) {
        try {
            return new DrillRequest(body.vms().stream().map(vm -> new DrillRequest.VmChoice(vm.replicaId(), vm.restorePointId(),
                    DrillCheck.parseList(vm.checks() == null ? null : String.join(" ", vm.checks())))).toList(), body.timeLimit());
        } catch (DrillRefusedException badCheck) {
            throw new IllegalArgumentException(badCheck.getMessage(), badCheck);
        }
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, DrillRefusedException.noSuchDrill(id).getMessage());
    }
}

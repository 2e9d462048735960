package io.lifeboat.replica.web;

import io.lifeboat.automation.IdempotencyService;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.web.TaskJson;
import java.net.URI;
import java.util.function.LongSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * What every operation endpoint does around its service call: the replica must be the caller's (another tenant's id
 * answers 404 exactly like a missing one), the Idempotency-Key is honoured, and the answer is 202 with the task.
 */
@Component
public class OperationAnswers {

    /** The header that makes a repeated POST answer the task of the first. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ReplicaOverviewService replicas;
    private final TaskService tasks;
    private final IdempotencyService idempotency;

    OperationAnswers(ReplicaOverviewService replicas, TaskService tasks, IdempotencyService idempotency) {
        this.replicas = replicas;
        this.tasks = tasks;
        this.idempotency = idempotency;
    }

    public ReplicaRow replicaOrNotFound(long replicaId) {
        return replicas.find(replicaId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no replica with id " + replicaId + " in your organisation."));
    }

    public ResponseEntity<TaskJson> started(String idempotencyKey, LongSupplier operation) {
        long taskId = idempotency.startOnce(idempotencyKey, operation);
        TaskJson task = tasks.find(taskId).map(t -> TaskJson.of(t, tasks.logOf(taskId))).orElseThrow();
        return ResponseEntity.accepted().location(URI.create("/api/v1/tasks/" + taskId)).body(task);
    }
}

package io.lifeboat.replica.web;

import io.lifeboat.automation.IdempotencyService;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.web.TaskJson;
import jakarta.servlet.http.HttpServletRequest;
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
    private final HttpServletRequest currentRequest;

    OperationAnswers(ReplicaOverviewService replicas, TaskService tasks, IdempotencyService idempotency, HttpServletRequest currentRequest) {
        this.replicas = replicas;
        this.tasks = tasks;
        this.idempotency = idempotency;
        this.currentRequest = currentRequest;
    }

    public ReplicaRow replicaOrNotFound(long replicaId) {
        return replicas.find(replicaId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no replica with id " + replicaId + " in your organisation."));
    }

    /**
     * Runs the operation once per Idempotency-Key and answers 202 with its task.
     *
     * @param request what was asked besides the method and path (the parsed body, a record), or null
     */
    public ResponseEntity<TaskJson> started(String idempotencyKey, Object request, LongSupplier operation) {
        long taskId = startOnce(idempotencyKey, request, operation);
        TaskJson task = tasks.find(taskId).map(t -> TaskJson.of(t, tasks.logOf(taskId))).orElseThrow();
        return ResponseEntity.accepted().location(URI.create("/api/v1/tasks/" + taskId)).body(task);
    }

    /** Runs the operation (which answers its task's id) once per Idempotency-Key and this request's method, path and body. */
    public long startOnce(String idempotencyKey, Object request, LongSupplier operation) {
        String asked = currentRequest.getMethod() + " " + currentRequest.getRequestURI() + " " + request;
        return idempotency.startOnce(idempotencyKey, asked, operation);
    }
}

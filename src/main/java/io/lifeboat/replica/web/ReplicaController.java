package io.lifeboat.replica.web;

import io.lifeboat.automation.ApiPage;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOperations;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaSort;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.shared.PageNumber;
import io.lifeboat.shared.PageSize;
import io.lifeboat.tasks.web.TaskJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The current tenant's replicas, and Retry of a failed operation: the same services as the replica pages. */
@RestController
@RequestMapping("/api/v1/replicas")
@Tag(name = "Replicas")
class ReplicaController {

    private static final Map<String, String> SORT_KEYS = Map.of("name", "vmName", "state", "state", "ip", "ipAddress", "network", "network",
            "restorePoints", "restorePoints", "latestRestorePoint", "latestRestorePoint", "stateSince", "stateSince");

    private final ReplicaOverviewService replicas;
    private final ReplicaOperations operations;
    private final OperationAnswers answers;

    ReplicaController(ReplicaOverviewService replicas, ReplicaOperations operations, OperationAnswers answers) {
        this.replicas = replicas;
        this.operations = operations;
        this.answers = answers;
    }

    @GetMapping
    @Operation(summary = "The tenant's replicas: filter by text (name, IP, network) and state, sort, page")
    ApiPage<ReplicaJson> list(@RequestParam(required = false) String q, @RequestParam(required = false) ReplicaState state,
                              @Parameter(description = "Comma-separated keys, '-' for descending: name, state, ip, network, restorePoints, "
                                      + "latestRestorePoint, stateSince") @RequestParam(required = false) String sort,
                              @RequestParam(defaultValue = "0") @PageNumber int page, @RequestParam(defaultValue = "50") @PageSize int size) {
        ReplicaFilter filter = new ReplicaFilter(q, state);
        List<ReplicaJson> items = replicas.list(filter, sorts(sort), page * size, size).stream().map(r -> ReplicaJson.of(r, null)).toList();
        return new ApiPage<>(items, page, size, replicas.count(filter));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One replica with its restore points, newest first")
    ReplicaJson get(@PathVariable long id) {
        ReplicaRow row = answers.replicaOrNotFound(id);
        return ReplicaJson.of(row, replicas.restorePoints(id));
    }

    @PostMapping("/{id}/retry")
    @Operation(summary = "Retry the operation that left the replica in Error")
    ResponseEntity<TaskJson> retry(@PathVariable long id, @RequestHeader(name = OperationAnswers.IDEMPOTENCY_KEY, required = false) String key) {
        answers.replicaOrNotFound(id);
        return answers.started(key, null, () -> operations.retry(id));
    }

    private static List<ReplicaSort> sorts(String sort) {
        List<ReplicaSort> sorts = new ArrayList<>();
        if (sort == null || sort.isBlank()) {
            return sorts;
        }
        for (String key : sort.split(",")) {
            boolean descending = key.startsWith("-");
            String name = descending ? key.substring(1) : key;
            if (!SORT_KEYS.containsKey(name)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown sort key " + name + "; use one of " + SORT_KEYS.keySet() + ".");
            }
            sorts.add(new ReplicaSort(SORT_KEYS.get(name), !descending));
        }
        return sorts;
    }
}

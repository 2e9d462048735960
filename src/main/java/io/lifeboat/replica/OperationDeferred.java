package io.lifeboat.replica;

import java.time.Duration;

/**
 * Thrown by a {@link ReplicaOperationRunner} that cannot start its operation yet (e.g. every failback slot of this node is
 * copying): the job gives its thread back and runs again after {@code retryIn}, with its task still running. Nothing was
 * changed before it was thrown.
 */
public class OperationDeferred extends RuntimeException {

    private final Duration retryIn;

    public OperationDeferred(Duration retryIn) {
        super(null, null, false, false);
        this.retryIn = retryIn;
    }

    public Duration retryIn() {
        return retryIn;
    }
}

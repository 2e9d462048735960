package io.lifeboat.replica.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.notification.Notification;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaOperations;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.ReplicaStateMachine;
import io.lifeboat.ui.OperationButton;

/** Retry of whatever failed: a clean-up after a failed failover or undo, else the failback operation again. */
@org.springframework.stereotype.Component
public class RetryAction implements ReplicaActionUi {

    private final ReplicaOperations operations;

    public RetryAction(ReplicaOperations operations) {
        this.operations = operations;
    }

    @Override
    public ReplicaAction action() {
        return ReplicaAction.RETRY;
    }

    @Override
    public Component create(ReplicaRow replica) {
        boolean cleanUp = cleansUp(replica);
        Button retry = new OperationButton(label(replica), () -> {
            long taskId = operations.retry(replica.id());
            Notification.show((cleanUp ? "Clean-up" : "Retry") + " started (task #" + taskId + ").");
        });
        retry.setId(cleanUp ? "retry-cleanup" : resumesFailover(replica) ? "retry-failover" : "retry-failback");
        return retry;
    }

    /** A failed failover or undo is retried as a clean-up, unless the failover had started its replica (it is resumed). */
    private static boolean cleansUp(ReplicaRow replica) {
        return !ReplicaStateMachine.isFailbackOperation(replica.failedOperation()) && !resumesFailover(replica);
    }

    private static boolean resumesFailover(ReplicaRow replica) {
        return ReplicaStateMachine.retryOf(replica.failedOperation(), replica.startedAtProvider()) == ReplicaState.FAILOVER_STARTING;
    }

    private static String label(ReplicaRow replica) {
        if (cleansUp(replica)) {
            return "Retry clean-up";
        }
        if (resumesFailover(replica)) {
            return "Retry failover";
        }
        return switch (replica.failedOperation()) {
            case COMMITTING -> "Retry commit";
            case UNDOING_FAILBACK -> "Retry undo failback";
            default -> "Retry failback";
        };
    }
}

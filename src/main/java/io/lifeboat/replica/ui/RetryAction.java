package io.lifeboat.replica.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.notification.Notification;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaOperations;
import io.lifeboat.replica.ReplicaRow;
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
        boolean failback = ReplicaStateMachine.isFailbackOperation(replica.failedOperation());
        Button retry = new OperationButton(label(replica), () -> {
            long taskId = operations.retry(replica.id());
            Notification.show((failback ? "Retry" : "Clean-up") + " started (task #" + taskId + ").");
        });
        retry.setId(failback ? "retry-failback" : "retry-cleanup");
        return retry;
    }

    private static String label(ReplicaRow replica) {
        if (!ReplicaStateMachine.isFailbackOperation(replica.failedOperation())) {
            return "Retry clean-up";
        }
        return switch (replica.failedOperation()) {
            case COMMITTING -> "Retry commit";
            case UNDOING_FAILBACK -> "Retry undo failback";
            default -> "Retry failback";
        };
    }
}

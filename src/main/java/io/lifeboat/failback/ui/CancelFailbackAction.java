package io.lifeboat.failback.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.notification.Notification;
import io.lifeboat.failback.FailbackService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ReplicaActionUi;
import io.lifeboat.ui.OperationButton;

/** Stops a running failback; nothing at the tenant's site is replaced, so no confirmation is needed. */
@org.springframework.stereotype.Component
public class CancelFailbackAction implements ReplicaActionUi {

    private final FailbackService failback;

    public CancelFailbackAction(FailbackService failback) {
        this.failback = failback;
    }

    @Override
    public ReplicaAction action() {
        return ReplicaAction.CANCEL_FAILBACK;
    }

    @Override
    public Component create(ReplicaRow replica) {
        Button cancel = new OperationButton("Cancel failback", () -> {
            failback.cancelFailback(replica.id());
            Notification.show("Cancelling the failback; nothing at your site is replaced.");
        });
        cancel.setId("cancel-failback");
        return cancel;
    }
}

package io.lifeboat.failover.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.notification.Notification;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ReplicaActionUi;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.OperationButton;

/** Undo failover, after a confirmation: every change made in the replica since failover is lost. */
@org.springframework.stereotype.Component
public class UndoFailoverAction implements ReplicaActionUi {

    private final FailoverService failover;

    public UndoFailoverAction(FailoverService failover) {
        this.failover = failover;
    }

    @Override
    public ReplicaAction action() {
        return ReplicaAction.UNDO_FAILOVER;
    }

    @Override
    public Component create(ReplicaRow replica) {
        Button undo = new Button("Undo failover…", e -> confirm(replica));
        undo.setId("undo-failover");
        undo.addThemeVariants(ButtonVariant.LUMO_ERROR);
        return undo;
    }

    private void confirm(ReplicaRow replica) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-undo");
        confirm.setHeader("Undo failover of " + replica.vmName() + "?");
        confirm.setText("The replica at the provider is powered off and reverted to its state before failover. "
                + "Every change made in it since " + Formats.time(replica.failedOverAt()) + " is lost. Your original VM is not touched.");
        confirm.setCancelable(true);
        OperationButton.confirmStarts(confirm, "Undo failover and discard changes", "error primary", () -> {
            long taskId = failover.undoFailover(replica.id());
            Notification.show("Undo failover started (task #" + taskId + ").");
        });
        confirm.open();
    }
}

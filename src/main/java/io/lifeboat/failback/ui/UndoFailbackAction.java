package io.lifeboat.failback.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.notification.Notification;
import io.lifeboat.failback.FailbackService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ReplicaActionUi;
import io.lifeboat.ui.OperationButton;

/** Undo failback (also after a failed failback), after a confirmation: the VM at the tenant's site is powered off. */
@org.springframework.stereotype.Component
public class UndoFailbackAction implements ReplicaActionUi {

    private final FailbackService failback;

    public UndoFailbackAction(FailbackService failback) {
        this.failback = failback;
    }

    @Override
    public ReplicaAction action() {
        return ReplicaAction.UNDO_FAILBACK;
    }

    @Override
    public Component create(ReplicaRow replica) {
        Button undo = new Button("Undo failback…", e -> confirm(replica));
        undo.setId("undo-failback");
        return undo;
    }

    private void confirm(ReplicaRow replica) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-undo-failback");
        confirm.setHeader("Undo the failback of " + replica.vmName() + "?");
        confirm.setText("The VM at your site is powered off and the replica runs at the provider again, with its IP carried by the"
                + " network extension. Work done in the VM at your site since the failback stays on its disks but is not in the replica.");
        confirm.setCancelable(true);
        OperationButton.confirmStarts(confirm, "Undo failback", "error primary", () -> {
            long taskId = failback.undoFailback(replica.id());
            Notification.show("Undo failback started (task #" + taskId + ").");
        });
        confirm.open();
    }
}

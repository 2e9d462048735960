package io.lifeboat.failback.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.notification.Notification;
import io.lifeboat.failback.FailbackService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ReplicaActionUi;
import io.lifeboat.ui.OperationButton;

/** Commit failback, after a confirmation: it can no longer be undone. */
@org.springframework.stereotype.Component
public class CommitFailbackAction implements ReplicaActionUi {

    private final FailbackService failback;

    public CommitFailbackAction(FailbackService failback) {
        this.failback = failback;
    }

    @Override
    public ReplicaAction action() {
        return ReplicaAction.COMMIT_FAILBACK;
    }

    @Override
    public Component create(ReplicaRow replica) {
        Button commit = new Button("Commit failback…", e -> confirm(replica));
        commit.setId("commit-failback");
        commit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        return commit;
    }

    private void confirm(ReplicaRow replica) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-commit");
        confirm.setHeader("Commit the failback of " + replica.vmName() + "?");
        confirm.setText("Your VM keeps running at your site. The replica at the provider stays powered off, its failover marker is"
                + " removed and it is Ready for a future failover. The failback can no longer be undone.");
        confirm.setCancelable(true);
        OperationButton.confirmStarts(confirm, "Commit failback", "primary", () -> {
            long taskId = failback.commitFailback(replica.id());
            Notification.show("Commit failback started (task #" + taskId + ").");
        });
        confirm.open();
    }
}

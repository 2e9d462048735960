package io.lifeboat.failback.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.ButtonVariant;
import io.lifeboat.failback.FailbackService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ConfirmFirst;
import io.lifeboat.replica.ui.ReplicaActionUi;

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
        return ConfirmFirst.button("Commit failback…", "commit-failback", () -> new ConfirmFirst("confirm-commit",
                "Commit the failback of " + replica.vmName() + "?",
                "Your VM keeps running at your site. The replica at the provider stays powered off, its failover marker is"
                        + " removed and it is Ready for a future failover. The failback can no longer be undone.",
                "Commit failback", "primary", () -> "Commit failback started (task #" + failback.commitFailback(replica.id()) + ")."),
                ButtonVariant.LUMO_PRIMARY);
    }
}

package io.lifeboat.failover.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.ButtonVariant;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ConfirmFirst;
import io.lifeboat.replica.ui.ReplicaActionUi;
import io.lifeboat.ui.Formats;

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
        return ConfirmFirst.button("Undo failover…", "undo-failover", () -> new ConfirmFirst("confirm-undo",
                "Undo failover of " + replica.vmName() + "?",
                "The replica at the provider is powered off and reverted to its state before failover. Every change made in it since "
                        + Formats.time(replica.failedOverAt()) + " is lost. Your original VM is not touched.",
                "Undo failover and discard changes", "error primary",
                () -> "Undo failover started (task #" + failover.undoFailover(replica.id()) + ")."), ButtonVariant.LUMO_ERROR);
    }
}

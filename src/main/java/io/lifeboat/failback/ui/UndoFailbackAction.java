package io.lifeboat.failback.ui;

import com.vaadin.flow.component.Component;
import io.lifeboat.failback.FailbackService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ConfirmFirst;
import io.lifeboat.replica.ui.ReplicaActionUi;

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
        return ConfirmFirst.button("Undo failback…", "undo-failback", () -> new ConfirmFirst("confirm-undo-failback",
                "Undo the failback of " + replica.vmName() + "?",
                "The VM at your site is powered off and the replica runs at the provider again, with its IP carried by the network"
                        + " extension. Work done in the VM at your site since the failback stays on its disks but is not in the replica.",
                "Undo failback", "error primary", () -> "Undo failback started (task #" + failback.undoFailback(replica.id()) + ")."));
    }
}

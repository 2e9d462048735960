package io.lifeboat.failback.ui;

import com.vaadin.flow.component.Component;
import io.lifeboat.failback.FailbackService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ConfirmFirst;
import io.lifeboat.replica.ui.ReplicaActionUi;

/**
 * Stops a running failback. Nothing at the tenant's site is replaced, but the copy made so far (hours, for large disks)
 * is thrown away: one stray click must not do that, so it asks first.
 */
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
        return ConfirmFirst.button("Cancel failback…", "cancel-failback", () -> new ConfirmFirst("confirm-cancel-failback",
                "Cancel the failback of " + replica.vmName() + "?",
                "What was copied to your site so far is discarded, and a failback started later copies it again. The replica"
                        + " keeps running at the provider. The VM at your site that the failback copies to keeps its disks as they"
                        + " were, and stays powered off if the failback powered it off for the copy.",
                "Cancel failback", "error primary", () -> {
                    failback.cancelFailback(replica.id());
                    return "Cancelling the failback; nothing at your site is replaced.";
                }));
    }
}

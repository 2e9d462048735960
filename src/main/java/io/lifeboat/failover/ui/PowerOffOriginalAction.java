package io.lifeboat.failover.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.ButtonVariant;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ConfirmFirst;
import io.lifeboat.replica.ui.ReplicaActionUi;

/** Split brain: powers off the original VM at the tenant site, after a confirmation (it is a hard power-off). */
@org.springframework.stereotype.Component
public class PowerOffOriginalAction implements ReplicaActionUi {

    private final FailoverService failover;

    public PowerOffOriginalAction(FailoverService failover) {
        this.failover = failover;
    }

    @Override
    public ReplicaAction action() {
        return ReplicaAction.POWER_OFF_ORIGINAL;
    }

    @Override
    public Component create(ReplicaRow replica) {
        return ConfirmFirst.button("Power off the original…", "power-off-original", () -> new ConfirmFirst(
                "confirm-power-off-original", "Power off the original " + replica.vmName() + " at your site?",
                "The original VM at your site is powered off at once (not shut down), so " + replica.ipAddress() + " belongs to the replica"
                        + " alone again. Anything it wrote since it came back up stays on its disks but is not running any more. The replica"
                        + " keeps running at the provider.",
                "Power off the original", "error primary", () -> {
                    failover.powerOffOriginal(replica.id());
                    return "The original " + replica.vmName() + " is powered off. The IP conflict ends as soon as nothing else answers for "
                            + replica.ipAddress() + " on your LAN, within seconds.";
                }), ButtonVariant.LUMO_ERROR);
    }
}

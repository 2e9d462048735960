package io.lifeboat.failover.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.notification.Notification;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ConfirmFirst;
import io.lifeboat.replica.ui.ReplicaActionUi;
import io.lifeboat.ui.UiBackground;

/**
 * Split brain: powers off the original VM at the tenant site, after a confirmation (it is a hard power-off). The power-off
 * waits for the tenant's vCenter, so it runs off the page's thread: a vCenter that is slow to answer froze the page, in
 * an emergency, with the dialog open and no word.
 */
@org.springframework.stereotype.Component
public class PowerOffOriginalAction implements ReplicaActionUi {

    private final FailoverService failover;
    private final UiBackground background;

    public PowerOffOriginalAction(FailoverService failover, UiBackground background) {
        this.failover = failover;
        this.background = background;
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
                    background.call(UI.getCurrent(), () -> {
                        failover.powerOffOriginal(replica.id());
                        return replica;
                    }, done -> Notification.show("The original " + done.vmName() + " is powered off. The IP conflict ends as soon as"
                            + " nothing else answers for " + done.ipAddress() + " on your LAN, within seconds."));
                    return "Powering off the original " + replica.vmName() + " at your site…";
                }), ButtonVariant.LUMO_ERROR);
    }
}

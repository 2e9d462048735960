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
import io.lifeboat.ui.OperationButton;

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
        Button powerOff = new Button("Power off the original…", e -> confirm(replica));
        powerOff.setId("power-off-original");
        powerOff.addThemeVariants(ButtonVariant.LUMO_ERROR);
        return powerOff;
    }

    private void confirm(ReplicaRow replica) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-power-off-original");
        confirm.setHeader("Power off the original " + replica.vmName() + " at your site?");
        confirm.setText("The original VM at your site is powered off at once (not shut down), so " + replica.ipAddress()
                + " belongs to the replica alone again. Anything it wrote since it came back up stays on its disks but is not"
                + " running any more. The replica keeps running at the provider.");
        confirm.setCancelable(true);
        OperationButton.confirmStarts(confirm, "Power off the original", "error primary", () -> {
            failover.powerOffOriginal(replica.id());
            Notification.show("The original " + replica.vmName() + " is powered off. The IP conflict ends as soon as nothing else answers for "
                    + replica.ipAddress() + " on your LAN, within seconds.");
        });
        confirm.open();
    }
}

package io.lifeboat.failback.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import io.lifeboat.ui.OperationButton;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import io.lifeboat.failback.FailbackService;
import io.lifeboat.failback.FailbackTarget;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.shared.UserFacingException;

/**
 * Failback to production: the tenant picks the target (the original VM, or a new VM by name) and confirms. Refusals
 * (a taken name, a replica no longer failed over, a vCenter that does not answer) are shown in the dialog, which stays
 * open.
 */
class FailbackDialog extends Dialog {

    private static final String ORIGINAL = "Original VM";
    private static final String NEW_VM = "New VM";

    FailbackDialog(ReplicaRow replica, FailbackService failback) {
        setId("failback-dialog");
        setHeaderTitle("Failback " + replica.vmName() + " to production");
        setWidth("36em");
        setMaxWidth("100%");
        addClassName("lb-small-fullscreen");

        RadioButtonGroup<String> target = new RadioButtonGroup<>("Target at your site");
        target.setId("failback-target");
        target.setItems(ORIGINAL, NEW_VM);
        target.setItemLabelGenerator(item -> item.equals(ORIGINAL) ? "The original VM " + replica.vmName() : "A new VM");
        target.setValue(ORIGINAL);
        TextField name = new TextField("New VM name");
        name.setId("failback-new-name");
        name.setValue(replica.vmName() + "-failback");
        name.setVisible(false);
        Paragraph explanation = new Paragraph();
        explanation.setId("failback-explanation");
        Paragraph error = new Paragraph();
        error.setId("failback-error");
        error.addClassName("lb-blocker");
        error.setVisible(false);
        Runnable explain = () -> {
            boolean original = ORIGINAL.equals(target.getValue());
            name.setVisible(!original);
            explanation.setText("The replica's current disks are copied back to " + (original
                    ? "the original VM, which is powered off first; its disks are replaced by the replica's."
                    : "a new VM created next to the original, which is not touched.")
                    + " Unchanged disks are not sent again. The replica keeps running until the copy is verified; then it is"
                    + " powered off and the VM at your site powered on. You can still commit or undo the failback afterwards.");
        };
        target.addValueChangeListener(e -> explain.run());
        explain.run();
        add(target, name, explanation, error);

        OperationButton start = new OperationButton("Start failback");
        start.onStart(() -> {
            FailbackTarget chosen = ORIGINAL.equals(target.getValue()) ? FailbackTarget.original() : FailbackTarget.newVm(name.getValue());
            try {
                long taskId = failback.startFailback(replica.id(), chosen);
                Notification.show("Failback started (task #" + taskId + ").");
                close();
            } catch (IllegalArgumentException | UserFacingException refused) {   // a taken name, a colleague's failback, a silent vCenter
                error.setText(refused.getMessage());
                error.setVisible(true);
                start.setEnabled(true);
            }
        });
        start.setId("failback-start");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("failback-cancel-dialog");
        getFooter().add(cancel, start);
    }
}

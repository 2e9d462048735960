package io.lifeboat.replica.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.notification.Notification;
import io.lifeboat.ui.Confirm;
import io.lifeboat.ui.OperationButton;
import java.util.function.Supplier;

/**
 * What a replica action that loses something asks before it starts: the dialog's words, its confirm button, and the
 * start, which returns what the notification says once the action is under way.
 */
public record ConfirmFirst(String dialogId, String header, String text, String confirmText, String confirmTheme, Supplier<String> start) {

    /**
     * A button with id {@code buttonId} that opens the confirmation {@code ask} makes when clicked (made then, so it
     * says what the replica is like at that moment).
     */
    public static Button button(String label, String buttonId, Supplier<ConfirmFirst> ask, ButtonVariant... variants) {
        Button button = new Button(label, click -> ask.get().open());
        button.setId(buttonId);
        button.addThemeVariants(variants);
        return button;
    }

    private void open() {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId(dialogId);
        dialog.setHeader(header);
        dialog.setText(text);
        dialog.setCancelable(true);
        OperationButton.confirmStarts(dialog, confirmText, confirmTheme, () -> Notification.show(start.get()));
        Confirm.cancelHasTheFocus(dialog);
        dialog.open();
    }
}

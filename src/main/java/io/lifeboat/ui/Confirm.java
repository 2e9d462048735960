package io.lifeboat.ui;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;

/** Asks before something that cannot be taken back: the confirming button is red; Cancel or Escape changes nothing. */
public final class Confirm {

    private Confirm() {
    }

    /** Opens the question; {@code action} runs only when the user confirms. */
    public static ConfirmDialog destructive(String id, String header, String text, String confirmText, Runnable action) {
        ConfirmDialog dialog = new ConfirmDialog(header, text, confirmText, confirmed -> action.run());
        dialog.setId(id);
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
        return dialog;
    }
}

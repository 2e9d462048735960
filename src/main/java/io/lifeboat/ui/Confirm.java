package io.lifeboat.ui;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;

/** Asks before something that cannot be taken back: the confirming button is red; Cancel, Enter or Escape changes nothing. */
public final class Confirm {

    /**
     * Runs after the dialog's own handler, which focuses the confirm button once the overlay has opened: both listen
     * to the same event, ours added later.
     */
    private static final String FOCUS_CANCEL_WHEN_OPENED = """
            const overlay = this._overlayElement;
            overlay.addEventListener('vaadin-overlay-open', () => {
              const cancel = overlay.querySelector('[slot="cancel-button"]');
              if (cancel) cancel.focus();
            });""";

    private Confirm() {
    }

    /** Opens the question; {@code action} runs only when the user confirms. */
    public static ConfirmDialog destructive(String id, String header, String text, String confirmText, Runnable action) {
        ConfirmDialog dialog = new ConfirmDialog(header, text, confirmText, confirmed -> action.run());
        dialog.setId(id);
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        cancelHasTheFocus(dialog);
        dialog.open();
        return dialog;
    }

    /**
     * Gives the focus to Cancel instead of the confirm button, so an Enter pressed out of habit, or a second one, does
     * not do what cannot be undone. Call before {@code open()}.
     */
    public static void cancelHasTheFocus(ConfirmDialog dialog) {
        dialog.getElement().executeJs(FOCUS_CANCEL_WHEN_OPENED);
    }
}

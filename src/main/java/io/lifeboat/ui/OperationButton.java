package io.lifeboat.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;

/**
 * A button that starts an operation. The browser disables it on the first click, so a double click starts one
 * operation and never shows the refusal of a second one; if the start is refused, the button is enabled again and the
 * refusal goes to the global error handler as usual.
 */
public class OperationButton extends Button {

    public OperationButton(String text, Runnable start) {
        this(text);
        onStart(start);
    }

    /** A button whose action is given later with {@link #onStart}, for actions that need the button itself. */
    public OperationButton(String text) {
        super(text);
        setDisableOnClick(true);
    }

    public OperationButton onStart(Runnable start) {
        addClickListener(click -> {
            try {
                start.run();
            } catch (RuntimeException refused) {
                setEnabled(true);
                throw refused;
            }
        });
        return this;
    }

    /**
     * Makes {@code start} the confirm action of {@code dialog}, behind an operation button that closes the dialog once the
     * operation has started. {@code theme} is the button's theme, e.g. {@code "error primary"}.
     */
    public static void confirmStarts(ConfirmDialog dialog, String text, String theme, Runnable start) {
        OperationButton confirm = new OperationButton(text, () -> {
            start.run();
            dialog.close();
        });
        confirm.getElement().setAttribute("theme", theme);
        dialog.setConfirmButton(confirm);
    }
}

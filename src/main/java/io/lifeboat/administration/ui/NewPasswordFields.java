package io.lifeboat.administration.ui;

import com.vaadin.flow.component.textfield.PasswordField;
import io.lifeboat.tenancy.PasswordPolicy;

/**
 * A new password typed twice, with the strength rule as help: the setup link and the set-password link ask the same
 * way. The rule itself is checked by the service; this only catches a typo before anything is sent.
 */
final class NewPasswordFields {

    final PasswordField password;
    final PasswordField repeat;

    NewPasswordFields(String label, String id) {
        password = new PasswordField(label);
        password.setId(id);
        password.setHelperText(PasswordPolicy.RULE);
        repeat = new PasswordField(label + " again");
        repeat.setId(id + "-again");
    }

    /** Whether both fields hold the same password; marks the repeat when they differ. */
    boolean typedTwiceTheSame() {
        boolean same = password.getValue().equals(repeat.getValue());
        repeat.setErrorMessage(same ? null : "The two passwords differ.");
        repeat.setInvalid(!same);
        return same;
    }

    String value() {
        return password.getValue();
    }
}

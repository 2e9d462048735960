package io.lifeboat.tenancy;

/**
 * What the user entered cannot be saved; {@code field} names the form field the message belongs next to (null: the
 * form as a whole). Nothing has been saved when this is thrown.
 */
public class InvalidInputException extends io.lifeboat.shared.UserFacingException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

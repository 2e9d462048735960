package io.lifeboat.shared;

/**
 * A refusal or failure whose message tells the user what went wrong and what to do. The shell shows the message as it
 * is (any other error becomes a generic message with a reference, details in the log). Features throw subclasses of
 * this one type, so the shell need not know them.
 */
public class UserFacingException extends RuntimeException {

    public UserFacingException(String message) {
        super(message);
    }

    public UserFacingException(String message, Throwable cause) {
        super(message, cause);
    }
}

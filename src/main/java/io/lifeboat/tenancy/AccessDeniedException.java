package io.lifeboat.tenancy;

/** The current user may not see or do this. The message is shown to the user. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}

package io.lifeboat.tenancy;

import io.lifeboat.shared.UserFacingException;

/** The current user may not see or do this. The message is shown to the user. */
public class AccessDeniedException extends UserFacingException {

    public AccessDeniedException(String message) {
        super(message);
    }
}

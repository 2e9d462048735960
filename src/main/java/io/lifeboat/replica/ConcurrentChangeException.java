package io.lifeboat.replica;

import io.lifeboat.shared.UserFacingException;

/** Someone else changed the replica at the same moment; the message is for the user. */
public class ConcurrentChangeException extends UserFacingException {

    public ConcurrentChangeException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.lifeboat.replica;

import io.lifeboat.shared.UserFacingException;

/** The replica is not in a state where this can happen. The message is for the user. */
public class IllegalTransitionException extends UserFacingException {

    public IllegalTransitionException(String message) {
        super(message);
    }
}

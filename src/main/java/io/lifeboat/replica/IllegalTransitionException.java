package io.lifeboat.replica;

/** The replica is not in a state where this can happen. The message is for the user. */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(String message) {
        super(message);
    }
}

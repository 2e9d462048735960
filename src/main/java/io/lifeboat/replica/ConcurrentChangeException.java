package io.lifeboat.replica;

/** Someone else changed the replica at the same moment; the message is for the user. */
public class ConcurrentChangeException extends RuntimeException {

    public ConcurrentChangeException(String message, Throwable cause) {
        super(message, cause);
    }
}

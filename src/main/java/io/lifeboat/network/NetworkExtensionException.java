package io.lifeboat.network;

/** A network extension operation failed; the message says what and is fit for the task log. */
public class NetworkExtensionException extends RuntimeException {

    public NetworkExtensionException(String message) {
        super(message);
    }

    public NetworkExtensionException(String message, Throwable cause) {
        super(message, cause);
    }
}

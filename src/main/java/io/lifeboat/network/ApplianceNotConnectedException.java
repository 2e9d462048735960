package io.lifeboat.network;

/**
 * An NEA's agent did not connect to the portal in time (its VM may not have booted, or its agent hangs or was stopped);
 * the message says which NEA and what to check.
 */
public class ApplianceNotConnectedException extends NetworkExtensionException {

    public ApplianceNotConnectedException(String message) {
        super(message);
    }
}

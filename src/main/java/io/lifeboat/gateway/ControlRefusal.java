package io.lifeboat.gateway;

/** Why the gateway turns an appliance away; the message goes to the log line and back to the appliance. */
public final class ControlRefusal extends Exception {

    public ControlRefusal(String message) {
        super(message);
    }
}

package io.lifeboat.hypervisor;

import io.lifeboat.shared.UserFacingException;

/** A vSphere call failed; the message is written for the user, the cause carries the details for the log. */
public class HypervisorException extends UserFacingException {

    /** UNTRUSTED: the server's certificate is not the pinned one (or not trusted at all); nothing is sent to it. */
    public enum Kind { UNREACHABLE, AUTHENTICATION, NOT_FOUND, TASK_FAILED, TIMEOUT, UNTRUSTED }

    private final Kind kind;

    public HypervisorException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public HypervisorException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}

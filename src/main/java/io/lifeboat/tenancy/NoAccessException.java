package io.lifeboat.tenancy;

/** A login was proven but grants no access to the portal; {@link #reason()} says why. */
public class NoAccessException extends RuntimeException {

    private final NoAccessReason reason;

    public NoAccessException(NoAccessReason reason, String detail) {
        super(reason.explanation() + " (" + detail + ")");
        this.reason = reason;
    }

    public NoAccessReason reason() {
        return reason;
    }
}

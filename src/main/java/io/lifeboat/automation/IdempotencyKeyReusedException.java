package io.lifeboat.automation;

import io.lifeboat.shared.UserFacingException;

/** An Idempotency-Key sent again with a request other than the one it first came with. */
public class IdempotencyKeyReusedException extends UserFacingException {

    IdempotencyKeyReusedException() {
        super("This Idempotency-Key was already used for another request (another operation, replica or body). Send a new key with"
                + " each new request, and the same key only when repeating that request exactly.");
    }
}

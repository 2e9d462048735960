package io.lifeboat.drill;

import io.lifeboat.shared.UserFacingException;

/** A drill request or an end of drill was refused before anything changed; the message says why and what to do. */
public class DrillRefusedException extends UserFacingException {

    public DrillRefusedException(String message) {
        super(message);
    }
}

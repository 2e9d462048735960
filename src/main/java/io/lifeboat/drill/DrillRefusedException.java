package io.lifeboat.drill;

import io.lifeboat.shared.UserFacingException;

/** A drill request or an end of drill was refused before anything changed; the message says why and what to do. */
public class DrillRefusedException extends UserFacingException {

    public DrillRefusedException(String message) {
        super(message);
    }

    /** There is no such drill in the caller's organisation: another tenant's is answered exactly like a missing one. */
    public static DrillRefusedException noSuchDrill(long drillId) {
        return new DrillRefusedException("There is no test failover with id " + drillId + " in your organisation.");
    }
}

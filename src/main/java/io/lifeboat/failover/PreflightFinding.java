package io.lifeboat.failover;

import io.lifeboat.inventory.SiteSilence;
import java.time.Instant;

/** One result of the pre-flight checks. A BLOCKER stops the failover; a WARNING needs the user's explicit override. */
public record PreflightFinding(Severity severity, String vm, String message) {

    public enum Severity { WARNING, BLOCKER }

    static PreflightFinding warning(String vm, String message) {
        return new PreflightFinding(Severity.WARNING, vm, message);
    }

    static PreflightFinding blocker(String vm, String message) {
        return new PreflightFinding(Severity.BLOCKER, vm, message);
    }

    /** The provider's vCenter has failed its checks since {@code since}, or a read there has hung since then. */
    static PreflightFinding providerNotAnswering(Instant since) {
        return blocker(null, SiteSilence.refuses(SiteSilence.PROVIDER, since, "a failover") + SiteSilence.PROVIDER_SEES_IT);
    }
}

package io.lifeboat.failover;

/** One result of the pre-flight checks. A BLOCKER stops the failover; a WARNING needs the user's explicit override. */
public record PreflightFinding(Severity severity, String vm, String message) {

    public enum Severity { WARNING, BLOCKER }

    static PreflightFinding warning(String vm, String message) {
        return new PreflightFinding(Severity.WARNING, vm, message);
    }

    static PreflightFinding blocker(String vm, String message) {
        return new PreflightFinding(Severity.BLOCKER, vm, message);
    }
}

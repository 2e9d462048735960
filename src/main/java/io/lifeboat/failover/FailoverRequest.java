package io.lifeboat.failover;

import java.util.List;

/**
 * A partial failover as the wizard submits it: the replicas with one restore point each, whether the user explicitly
 * accepted the pre-flight warnings, and which: the warnings the wizard showed, or null for any (the API's
 * overrideWarnings). Ids come from the browser: the service checks every one of them against the current tenant.
 */
public record FailoverRequest(List<VmChoice> vms, boolean warningsAccepted, List<PreflightFinding> acceptedWarnings) {

    public record VmChoice(long replicaId, long restorePointId) {
    }

    public FailoverRequest {
        vms = List.copyOf(vms);
        acceptedWarnings = acceptedWarnings == null ? null : List.copyOf(acceptedWarnings);
    }

    /** Accepting whatever warnings the checks at the start find. */
    public FailoverRequest(List<VmChoice> vms, boolean warningsAccepted) {
        this(vms, warningsAccepted, null);
    }

    /** Whether the user accepted every one of {@code warnings}: a warning that arose after they read theirs is not. */
    boolean accepts(List<PreflightFinding> warnings) {
        return warningsAccepted && (acceptedWarnings == null || acceptedWarnings.containsAll(warnings));
    }
}

package io.lifeboat.failover;

import java.util.List;

/**
 * A partial failover as the wizard submits it: the replicas with one restore point each, and whether the user
 * explicitly accepted the pre-flight warnings. Ids come from the browser: the service checks every one of them
 * against the current tenant.
 */
public record FailoverRequest(List<VmChoice> vms, boolean warningsAccepted) {

    public record VmChoice(long replicaId, long restorePointId) {
    }

    public FailoverRequest {
        vms = List.copyOf(vms);
    }
}

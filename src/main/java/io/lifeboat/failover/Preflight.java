package io.lifeboat.failover;

import java.util.List;

/** All pre-flight findings of one request, plus the resources it asks for. */
public record Preflight(List<PreflightFinding> findings, int requestedCpus, int requestedMemoryMb,
                        int usedCpus, int usedMemoryMb, int quotaCpus, int quotaMemoryMb) {

    public boolean hasBlockers() {
        return findings.stream().anyMatch(f -> f.severity() == PreflightFinding.Severity.BLOCKER);
    }

    public boolean hasWarnings() {
        return findings.stream().anyMatch(f -> f.severity() == PreflightFinding.Severity.WARNING);
    }
}

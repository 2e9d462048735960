package io.lifeboat.failover;

import io.lifeboat.shared.UserFacingException;
import java.util.List;
import java.util.stream.Collectors;

/** A failover request was refused before anything started; the findings say why. */
public class FailoverRefusedException extends UserFacingException {

    private final List<PreflightFinding> findings;

    public FailoverRefusedException(String summary, List<PreflightFinding> findings) {
        super(summary + findings.stream().map(f -> (f.vm() == null ? "" : f.vm() + ": ") + f.message())
                .collect(Collectors.joining(" ", " ", "")));
        this.findings = List.copyOf(findings);
    }

    public List<PreflightFinding> findings() {
        return findings;
    }
}

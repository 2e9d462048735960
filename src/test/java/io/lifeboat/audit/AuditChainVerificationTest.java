package io.lifeboat.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Verifying the audit chain on a busy portal: entries appended while a verification runs are past what it checks, not
 * "deleted" from it. Each verification is itself audited, so two running side by side append under each other.
 */
@LabTest
class AuditChainVerificationTest {

    @Autowired AsUser as;
    @Autowired AuditLog audit;

    @Test
    void verifications_side_by_side_with_appends_never_report_a_deletion() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<AuditVerification>>> lanes = new ArrayList<>();
            for (int lane = 0; lane < 2; lane++) {
                lanes.add(pool.submit(() -> {
                    List<AuditVerification> results = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        results.add(as.call("provider", audit::verify));
                    }
                    return results;
                }));
            }
            for (Future<List<AuditVerification>> lane : lanes) {
                assertThat(lane.get()).allSatisfy(result -> assertThat(result.intact()).as(result.message()).isTrue());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

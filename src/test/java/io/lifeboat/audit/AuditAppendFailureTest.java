package io.lifeboat.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.LogLines;
import io.lifeboat.automation.ApiTokenScope;
import io.lifeboat.automation.ApiTokenService;
import io.lifeboat.tenancy.InvalidInputException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit row is written after its action committed. When the database refuses that row, the action has happened all
 * the same: its user is told it did (not "unexpected error", which would have them start a running failover again),
 * the row is tried once more, and a row lost anyway is logged in full as an ERROR and counted.
 */
@LabTest
class AuditAppendFailureTest {

    @RegisterExtension
    final LogLines logged = new LogLines();

    @Autowired AsUser as;
    @Autowired ApiTokenService tokens;
    @Autowired AuditLog audit;
    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;

    private final String marker = "audit-append-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void refuseMarkedAuditRows() {
        jdbc.execute("create trigger if not exists failing_audit_insert before insert on audit_entry for each row call '"
                + FailingAuditInsert.class.getName() + "'");
    }

    @AfterEach
    void letAuditRowsThrough() {
        FailingAuditInsert.FAILURES.remove(marker);
    }

    @Test
    void an_action_whose_audit_row_is_refused_once_succeeds_with_its_row_written_at_the_second_attempt() {
        FailingAuditInsert.FAILURES.put(marker, new AtomicInteger(1));

        as.call("acme-admin", () -> tokens.create(marker, ApiTokenScope.READ, Duration.ofDays(30)));

        assertThat(rowsFor(marker)).singleElement().satisfies(row -> assertThat(row.outcome()).isEqualTo(AuditOutcome.SUCCEEDED));
        assertThat(as.call("acme-admin", tokens::mine)).anyMatch(token -> token.name().equals(marker));
    }

    @Test
    void an_action_whose_audit_row_cannot_be_written_stands_and_the_lost_row_is_logged_and_counted() {
        FailingAuditInsert.FAILURES.put(marker, new AtomicInteger(Integer.MAX_VALUE));
        double lostBefore = meters.counter(AuditAspect.LOST_ROWS).count();

        as.call("acme-admin", () -> tokens.create(marker, ApiTokenScope.READ, Duration.ofDays(30)));

        assertThat(as.call("acme-admin", tokens::mine)).as("the token was made").anyMatch(token -> token.name().equals(marker));
        assertThat(rowsFor(marker)).isEmpty();
        assertThat(logged.messages()).anyMatch(line -> line.startsWith("Audit row lost") && line.contains(marker) && line.contains("SUCCEEDED"));
        assertThat(meters.counter(AuditAspect.LOST_ROWS).count()).isEqualTo(lostBefore + 1);
    }

    @Test
    void a_refusal_whose_audit_row_cannot_be_written_is_still_the_refusal_its_user_reads() {
        FailingAuditInsert.FAILURES.put(marker, new AtomicInteger(Integer.MAX_VALUE));
        String overLong = marker + "x".repeat(100);

        assertThatThrownBy(() -> as.call("acme-admin", () -> tokens.create(overLong, ApiTokenScope.READ, Duration.ofDays(30))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1 to 100 characters");
    }

    private List<AuditEntryInfo> rowsFor(String marker) {
        return as.call("acme-admin", () -> audit.list(0, 200)).stream().filter(row -> row.target().contains(marker)).toList();
    }
}

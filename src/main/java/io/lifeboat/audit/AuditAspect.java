package io.lifeboat.audit;

import io.lifeboat.shared.Texts;
import io.lifeboat.shared.UserFacingException;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.StringJoiner;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Appends a row for each call of an {@link Audited} method. Ordered before the transaction interceptor, so the row is
 * written after the action's transaction committed or rolled back, and says which. The action's outcome stands whatever
 * happens to its row: a failover that started is never reported failed because its row could not be written (its user
 * would start it again, or give up on a running failover). A row that cannot be written after a second attempt is
 * logged in full as an ERROR and counted ({@value #LOST_ROWS}).
 */
@Aspect
@Component
@Order(0) // before the transaction interceptor (lowest precedence), after Spring's ExposeInvocationInterceptor
class AuditAspect {

    private static final Logger log = LoggerFactory.getLogger(AuditAspect.class);
    private static final ThreadLocal<Boolean> IN_ACTION = ThreadLocal.withInitial(() -> false);
    static final String LOST_ROWS = "lifeboat.audit.lost";
    private static final int APPEND_ATTEMPTS = 2;
    private static final long PAUSE_BETWEEN_ATTEMPTS_MS = 100;

    private final AuditLog auditLog;
    private final CurrentTenant currentTenant;
    private final Clock clock;
    private final Counter lost;

    AuditAspect(AuditLog auditLog, CurrentTenant currentTenant, Clock clock, MeterRegistry meters) {
        this.auditLog = auditLog;
        this.currentTenant = currentTenant;
        this.clock = clock;
        this.lost = Counter.builder(LOST_ROWS).description("Audit rows that could not be written after their action").register(meters);
    }

    @Around("@annotation(io.lifeboat.audit.Audited)")
    Object record(ProceedingJoinPoint call) throws Throwable {
        Audited audited = ((MethodSignature) call.getSignature()).getMethod().getAnnotation(Audited.class);
        if (IN_ACTION.get()) {
            return call.proceed();
        }
        IN_ACTION.set(true);
        Object result;
        try {
            result = call.proceed();
        } catch (UserFacingException | IllegalArgumentException refused) {
            append(audited, call, AuditOutcome.REFUSED, refused.getMessage()).ifPresent(refused::addSuppressed);
            throw refused;
        } catch (RuntimeException failed) {
            append(audited, call, AuditOutcome.FAILED, String.valueOf(failed.getMessage())).ifPresent(failed::addSuppressed);
            throw failed;
        } finally {
            IN_ACTION.remove();
        }
        append(audited, call, AuditOutcome.SUCCEEDED, resultText(audited, result));
        return result;
    }

    /** Appends the action's row, a second time if the first failed; why it could not, if it could not. */
    private Optional<RuntimeException> append(Audited audited, ProceedingJoinPoint call, AuditOutcome outcome, String detail) {
        TenantContext who = whoIsAsking();
        AuditCaller caller = AuditCaller.current();
        AuditRecord row = new AuditRecord(clock.instant().truncatedTo(ChronoUnit.MILLIS), who == null ? "anonymous" : who.username(),
                who == null ? null : who.tenantId(), audited.value(), clip(targetOf(call)), outcome, clip(detail == null ? "" : detail),
                caller.sourceIp(), caller.credential());
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= APPEND_ATTEMPTS; attempt++) {
            try {
                auditLog.append(row);   // its own transaction: a failed attempt left nothing behind
                return Optional.empty();
            } catch (RuntimeException e) {
                failure = e;
                pauseBeforeAttempt(attempt);
            }
        }
        log.error("Audit row lost: it could not be written after {} attempts; the action's outcome ({}) stands: {}", APPEND_ATTEMPTS,
                outcome, row, failure);
        lost.increment();
        return Optional.of(failure);
    }

    private static void pauseBeforeAttempt(int failedAttempt) {
        if (failedAttempt < APPEND_ATTEMPTS) {
            try {
                Thread.sleep(PAUSE_BETWEEN_ATTEMPTS_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private TenantContext whoIsAsking() {
        try {
            return currentTenant.get();
        } catch (AccessDeniedException notLoggedIn) {
            return null;
        }
    }

    /** The method's arguments by name: "replicaId=12", or a request record's own text. */
    private static String targetOf(ProceedingJoinPoint call) {
        String[] names = ((MethodSignature) call.getSignature()).getParameterNames();
        Object[] values = call.getArgs();
        StringJoiner target = new StringJoiner(", ");
        for (int i = 0; i < values.length; i++) {
            target.add((names == null ? "arg" + i : names[i]) + "=" + values[i]);
        }
        return target.toString();
    }

    private static String resultText(Audited audited, Object result) {
        return audited.result().isEmpty() || result == null ? "" : audited.result() + " " + result;
    }

    private static String clip(String text) {
        return Texts.shortened(text, 1000);
    }
}

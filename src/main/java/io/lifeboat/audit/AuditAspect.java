package io.lifeboat.audit;

import io.lifeboat.shared.Texts;
import io.lifeboat.shared.UserFacingException;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
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
 * written after the action's transaction committed or rolled back, and says which.
 */
@Aspect
@Component
@Order(0) // before the transaction interceptor (lowest precedence), after Spring's ExposeInvocationInterceptor
class AuditAspect {

    private static final Logger log = LoggerFactory.getLogger(AuditAspect.class);
    private static final ThreadLocal<Boolean> IN_ACTION = ThreadLocal.withInitial(() -> false);

    private final AuditLog auditLog;
    private final CurrentTenant currentTenant;
    private final Clock clock;

    AuditAspect(AuditLog auditLog, CurrentTenant currentTenant, Clock clock) {
        this.auditLog = auditLog;
        this.currentTenant = currentTenant;
        this.clock = clock;
    }

    @Around("@annotation(io.lifeboat.audit.Audited)")
    Object record(ProceedingJoinPoint call) throws Throwable {
        Audited audited = ((MethodSignature) call.getSignature()).getMethod().getAnnotation(Audited.class);
        if (IN_ACTION.get()) {
            return call.proceed();
        }
        IN_ACTION.set(true);
        try {
            Object result = call.proceed();
            append(audited, call, AuditOutcome.SUCCEEDED, resultText(audited, result));
            return result;
        } catch (UserFacingException | IllegalArgumentException refused) {
            append(audited, call, AuditOutcome.REFUSED, refused.getMessage());
            throw refused;
        } catch (RuntimeException failed) {
            append(audited, call, AuditOutcome.FAILED, String.valueOf(failed.getMessage()));
            throw failed;
        } finally {
            IN_ACTION.remove();
        }
    }

    private void append(Audited audited, ProceedingJoinPoint call, AuditOutcome outcome, String detail) {
        TenantContext who = whoIsAsking();
        AuditCaller caller = AuditCaller.current();
        AuditRecord row = new AuditRecord(clock.instant().truncatedTo(ChronoUnit.MILLIS), who == null ? "anonymous" : who.username(),
                who == null ? null : who.tenantId(), audited.value(), clip(targetOf(call)), outcome, clip(detail == null ? "" : detail),
                caller.sourceIp(), caller.credential());
        try {
            auditLog.append(row);
        } catch (RuntimeException e) {
            // The action itself has happened (or failed) already; losing its audit row must be loud, not silent.
            log.error("Could not append to the audit log: {}", row, e);
            throw e;
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

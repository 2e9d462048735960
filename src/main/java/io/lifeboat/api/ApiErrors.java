package io.lifeboat.api;

import io.lifeboat.automation.IdempotencyKeyReusedException;
import io.lifeboat.failover.FailoverRefusedException;
import io.lifeboat.failover.PreflightFinding;
import io.lifeboat.replica.ConcurrentChangeException;
import io.lifeboat.replica.IllegalTransitionException;
import io.lifeboat.shared.DatabaseOutage;
import io.lifeboat.shared.UserFacingException;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.ui.ErrorReference;
import io.lifeboat.hypervisor.HypervisorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as a problem detail (RFC 9457) carrying the message the portal shows for the same refusal. Spring
 * MVC's own errors (a wrong parameter type, a missing body, 404 from a controller) get theirs from the base class.
 * A request that fails validation is told each field and what to send ({@link InvalidRequests}). Anything
 * unexpected answers 500 with a reference to the log line, never a stack trace.
 */
@RestControllerAdvice(basePackages = "io.lifeboat")
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, e.getMessage());
    }

    /** Pre-flight blockers, or warnings not overridden: 409 with each finding, as the wizard lists them. */
    @ExceptionHandler(FailoverRefusedException.class)
    ProblemDetail refused(FailoverRefusedException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Failover refused by the pre-flight checks");
        problem.setProperty("findings", e.findings());
        problem.setProperty("warningsOnly", e.findings().stream().noneMatch(f -> f.severity() == PreflightFinding.Severity.BLOCKER));
        return problem;
    }

    @ExceptionHandler({IllegalTransitionException.class, ConcurrentChangeException.class})
    ProblemDetail conflict(RuntimeException e) {
        return problem(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler({IllegalArgumentException.class, InvalidInputException.class})
    ProblemDetail badRequest(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** The IETF Idempotency-Key draft's answer to a key sent again with another request. */
    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ProblemDetail keyReused(IdempotencyKeyReusedException e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
    }

    /** Any other refusal a feature explains to the user. */
    @ExceptionHandler(UserFacingException.class)
    ProblemDetail refusedOtherwise(UserFacingException e) {
        return problem(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(HypervisorException.class)
    ProblemDetail hypervisor(HypervisorException e) {
        log.warn("vSphere refused an API request: {}", e.getMessage());
        return problem(HttpStatus.BAD_GATEWAY, e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail unavailable(IllegalStateException e) {
        if (DatabaseOutage.isCauseOf(e)) {
            return databaseUnavailable(e);
        }
        return problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e) {
        if (DatabaseOutage.isCauseOf(e)) {
            return databaseUnavailable(e);
        }
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ErrorReference.message(ErrorReference.logged(log, "Unexpected API error", e)));
    }

    /** 503: nothing the caller did wrong, and worth retrying soon (the details are logged, once, without the trace). */
    private static ProblemDetail databaseUnavailable(RuntimeException e) {
        log.warn("API request refused, the database is unreachable: {}", e.getMessage());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, DatabaseOutage.MESSAGE);
        problem.setTitle("Database unavailable");
        return problem;
    }

    /** A JSON body that fails its constraints. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(e, InvalidRequests.describe(e.getBody(), InvalidRequests.of(e)), headers, status, request);
    }

    /** A query parameter (or path variable) that fails its constraints. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(e, InvalidRequests.describe(e.getBody(), InvalidRequests.of(e)), headers, status, request);
    }

    /** A body that is not JSON, or a value of the wrong kind ({@code "replicaId": "web-01"}). */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> answer = super.handleHttpMessageNotReadable(e, headers, status, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail body) {
            InvalidRequests.describeUnreadable(body, e);   // Spring's own answer, told which field or where the JSON breaks
        }
        return answer;
    }

    /** A query parameter or path variable of the wrong kind, told what to send ({@code state: Send one of READY, …}). */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        ResponseEntity<Object> answer = super.handleTypeMismatch(e, headers, status, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail body) {
            InvalidRequests.describeMismatch(body, e);
        }
        return answer;
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        return ProblemDetail.forStatusAndDetail(status, detail);
    }

}

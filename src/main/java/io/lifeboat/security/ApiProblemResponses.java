package io.lifeboat.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import io.lifeboat.shared.DatabaseOutage;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The API's answers from the security filters, as RFC 9457 problem details like every other API error: 401 for a
 * missing, unknown, revoked or expired token; 403 for a token that may not do this; 429 with Retry-After; 503 when the
 * token could not be checked because the database is unreachable.
 */
final class ApiProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ObjectMapper json;

    ApiProblemResponses(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        if (e instanceof DatabaseUnavailable) {
            response.setHeader("Retry-After", "30");
            write(request, response, HttpStatus.SERVICE_UNAVAILABLE, DatabaseOutage.MESSAGE);
            return;
        }
        boolean presented = request.getHeader("Authorization") != null;
        response.setHeader("WWW-Authenticate", presented ? "Bearer error=\"invalid_token\"" : "Bearer");
        write(request, response, HttpStatus.UNAUTHORIZED, presented
                ? "The token is unknown, revoked or expired. Create a new one on the API tokens page."
                : "Send an API token: Authorization: Bearer <token>. Create one on the API tokens page.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, "Your token may not do this.");
    }

    /** A 403 that says why ({@code detail}), for a refusal the caller can act on. */
    void forbidden(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, detail);
    }

    void tooManyRequests(HttpServletRequest request, HttpServletResponse response, Duration retryAfter) throws IOException {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        response.setHeader("Retry-After", Long.toString(seconds));
        write(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests with this token; try again in " + seconds + " s.");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The token could not be checked: the database is unreachable. Not the caller's fault, so not a 401. */
    static final class DatabaseUnavailable extends AuthenticationException {

        DatabaseUnavailable(Throwable cause) {
            super("the database is unreachable", cause);
        }
    }
}

package io.lifeboat.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A path under /api that no controller serves: the portal's pages leave /api to Spring MVC ({@code vaadin.exclude-urls}),
 * whose last resort, the static resources, finds nothing there either. Its 404 has no controller of ours, so
 * {@link ApiErrors} (our controllers only) never sees it; this advice, for any handler, does. A script with a typo in a
 * path gets a problem detail saying where the endpoints are, not the portal's "Page not found" page in HTML; one with
 * the wrong method (GET on a path that takes POST) a 405 saying which methods it takes.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownApiPaths {

    /** A path we serve, with a method it does not take: 405 with the methods it does take, in words and in Allow. */
    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> wrongMethod(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        Set<HttpMethod> allowed = e.getSupportedHttpMethods() == null ? Set.of() : e.getSupportedHttpMethods();
        String methods = allowed.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(" or "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED, request.getRequestURI() + " does not take "
                + request.getMethod() + (methods.isEmpty() ? "" : ": send " + methods) + "."
                + (request.getRequestURI().startsWith("/api/") ? " The endpoints are listed at /api/v1/docs." : ""));
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).allow(allowed.toArray(HttpMethod[]::new)).body(problem);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail notFound(NoResourceFoundException e, HttpServletRequest request) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no API endpoint " + request.getMethod() + " "
                + request.getRequestURI() + ". The endpoints are listed at /api/v1/docs.");
    }
}

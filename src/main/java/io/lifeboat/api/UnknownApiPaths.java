package io.lifeboat.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A path under /api that no controller serves: the portal's pages leave /api to Spring MVC ({@code vaadin.exclude-urls}),
 * whose last resort, the static resources, finds nothing there either. Its 404 has no controller of ours, so
 * {@link ApiErrors} (our controllers only) never sees it; this advice, for any handler, does. A script with a typo in a
 * path gets a problem detail saying where the endpoints are, not the portal's "Page not found" page in HTML.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownApiPaths {

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail notFound(NoResourceFoundException e, HttpServletRequest request) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no API endpoint " + request.getMethod() + " "
                + request.getRequestURI() + ". The endpoints are listed at /api/v1/docs.");
    }
}

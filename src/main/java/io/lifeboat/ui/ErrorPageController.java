package io.lifeboat.ui;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * The servlet container's error page, for whatever fails before or outside a Vaadin page (a rejected URL, a filter,
 * the Vaadin bootstrap itself). Plain HTML with no dependency on Vaadin or on a login, so it renders when those are
 * what broke; it never redirects, so an error can never turn into a redirect loop. Opened directly it is a 404.
 */
@Controller
class ErrorPageController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorPageController.class);

    @RequestMapping("/error")
    ResponseEntity<String> error(HttpServletRequest request) {
        HttpStatus status = statusOf(request);
        String text = switch (status) {
            case NOT_FOUND -> "There is no page at this address.";
            case FORBIDDEN -> "You may not open this page.";
            case UNAUTHORIZED -> "Log in first.";
            default -> status.is4xxClientError() ? "The request was not understood (" + status.value() + ")."
                    : ErrorReference.message(reference(request));
        };
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(page(status, text));
    }

    private static HttpStatus statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null || !status.isError() ? HttpStatus.NOT_FOUND : status;
    }

    private static String reference(HttpServletRequest request) {
        Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        return ErrorReference.logged(log, "Request to " + uri + " failed", error instanceof Throwable t ? t : null);
    }

    private static String page(HttpStatus status, String text) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Lifeboat</title>
                <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}</style>
                </head><body>
                <h1>Lifeboat</h1>
                <h2 id="error-title">%s</h2>
                <p id="error-reference">%s</p>
                <p><a id="back-to-start" href="/">Back to the start page</a></p>
                </body></html>
                """.formatted(status.getReasonPhrase(), status.getReasonPhrase(), HtmlUtils.htmlEscape(text));
    }
}

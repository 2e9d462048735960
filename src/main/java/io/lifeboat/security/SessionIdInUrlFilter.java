package io.lifeboat.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends a URL that carries a session id ({@code /login;jsessionid=…}) once to the same URL without it. Sessions travel
 * in cookies only ({@code server.servlet.session.tracking-modes=cookie}), so such a URL comes from an old bookmark or a
 * copied link; the clean URL has no {@code ;}, so this can never redirect to itself.
 */
class SessionIdInUrlFilter extends OncePerRequestFilter {

    private static final Pattern SESSION_ID = Pattern.compile(";jsessionid=[^/?;]*", Pattern.CASE_INSENSITIVE);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        if (!uri.toLowerCase(Locale.ROOT).contains(";jsessionid=")) {
            chain.doFilter(request, response);
            return;
        }
        String query = request.getQueryString();
        response.sendRedirect(SESSION_ID.matcher(uri).replaceAll("") + (query == null ? "" : "?" + query));
    }
}

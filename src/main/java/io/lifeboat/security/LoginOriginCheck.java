package io.lifeboat.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Login CSRF protection for the form login: a POST to {@code /login} must come from the portal's own origin (its
 * {@code Origin} header, or its {@code Referer} when a browser sends no Origin). Vaadin's login form posts natively
 * without Spring's CSRF token (Vaadin exempts {@code /login} from the token check), so a strict Origin check is the
 * protection that keeps the Vaadin login working: browsers always send Origin on a form POST, and another site cannot
 * forge it. A POST with neither header is refused too. The portal's origin comes from the request as
 * {@link PublicUrlFilter} shapes it: the configured public URL when there is one.
 */
final class LoginOriginCheck extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(LoginOriginCheck.class);
    private final String loginPath;

    LoginOriginCheck(String loginPath) {
        this.loginPath = loginPath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !request.getRequestURI().equals(request.getContextPath() + loginPath);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        String own = Origins.of(request.getRequestURL().toString());
        String origin = request.getHeader("Origin");
        String claimed = origin != null && !origin.equals("null") ? Origins.of(origin) : Origins.of(request.getHeader("Referer"));
        if (own == null || !own.equals(claimed)) {
            log.warn("Login POST from {} refused: origin {} is not {}", request.getRemoteAddr(),
                    LoginThrottle.printable(origin != null ? origin : request.getHeader("Referer")), own);
            // A plain status, not sendError: its error dispatch would end in a login redirect.
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Log in from the portal's own login page.");
            return;
        }
        chain.doFilter(request, response);
    }
}

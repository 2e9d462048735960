package io.lifeboat.security;

import io.lifeboat.tenancy.TenancyService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the session of a user whose account or tenant has been disabled since they logged in: the login refuses them
 * from then on, and this makes their next request (a click, a Vaadin round trip) anonymous, so they land on the login
 * page. Checked against the database on each request, so it holds on every node of a cluster.
 */
class WithdrawnAccessFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(WithdrawnAccessFilter.class);

    private final TenancyService tenancy;

    WithdrawnAccessFilter(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof TenantPrincipal user && !tenancy.mayContinue(user.context())) {
            log.info("Ending the session of {}: their account or tenant has been disabled", user.context().username());
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
        }
        chain.doFilter(request, response);
    }
}

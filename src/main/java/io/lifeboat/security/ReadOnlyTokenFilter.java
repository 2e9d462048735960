package io.lifeboat.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A Read token may look but not change anything, whoever owns it: every request but a read is refused here, in one
 * place, rather than by each service's role check (a provider's role may change everything, its Read token nothing).
 * The few POSTs that only compute an answer are reads.
 */
final class ReadOnlyTokenFilter extends OncePerRequestFilter {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** POSTs that change nothing: a failover's pre-flight, a drill's checks, the audit log's verification. */
    private static final Set<String> READ_POSTS = Set.of("/api/v1/failovers/preflight", "/api/v1/drills/checks", "/api/v1/audit-log/verify");

    private final ApiProblemResponses problems;

    ReadOnlyTokenFilter(ApiProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof ApiAuthentication api && api.getPrincipal().readOnly()
                && !READ_METHODS.contains(request.getMethod()) && !READ_POSTS.contains(request.getRequestURI())) {
            problems.forbidden(request, response, "This token was created with the Read scope:"
                    + " it may look but not change anything. Create an Operate token to change things.");
            return;
        }
        chain.doFilter(request, response);
    }
}

package io.lifeboat.security;

import io.lifeboat.automation.ApiRateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** After authentication: each credential's requests go through its rate limit; over it, 429 with Retry-After. */
final class ApiRateLimitFilter extends OncePerRequestFilter {

    private final ApiRateLimiter limiter;
    private final ApiProblemResponses problems;

    ApiRateLimitFilter(ApiRateLimiter limiter, ApiProblemResponses problems) {
        this.limiter = limiter;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof ApiAuthentication api) {
            Duration wait = limiter.tryAcquire(api.credential());
            if (!wait.isZero()) {
                problems.tooManyRequests(request, response, wait);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}

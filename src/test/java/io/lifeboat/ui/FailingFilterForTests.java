package io.lifeboat.ui;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Test-only servlet filter that fails one path before Vaadin or Spring Security see it, as a broken bootstrap would
 * (the dev-mode bundle error that once looped /login → /login). Exists in test classes only.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10) // before Spring Security, as a broken bootstrap would fail
public class FailingFilterForTests extends OncePerRequestFilter {

    public static final String PATH = "/test-only/failing-request";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().startsWith(PATH)) {
            throw new IllegalStateException("a request that fails on purpose (test)");
        }
        chain.doFilter(request, response);
    }
}

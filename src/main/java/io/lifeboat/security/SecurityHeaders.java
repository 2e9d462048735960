package io.lifeboat.security;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Response headers for every filter chain. The Content-Security-Policy is what Vaadin 24 runs under: its bootstrap
 * page has inline scripts and its components set inline styles, so both need {@code 'unsafe-inline'}; nothing needs
 * {@code 'unsafe-eval'}, other origins, frames or plugins. HSTS is on in production profiles
 * ({@code lifeboat.security.hsts=true}), which run behind TLS.
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    private SecurityHeaders() {
    }

    static Customizer<HeadersConfigurer<HttpSecurity>> of(boolean hsts) {
        return headers -> {
            headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                    .permissionsPolicyHeader(permissions -> permissions.policy(PERMISSIONS_POLICY));
            if (hsts) {
                // Behind a TLS-terminating proxy the request may look plain; the production profile is TLS-only.
                headers.httpStrictTransportSecurity(h -> h.requestMatcher(AnyRequestMatcher.INSTANCE).maxAgeInSeconds(31_536_000));
            } else {
                headers.httpStrictTransportSecurity(h -> h.disable());
            }
        };
    }
}

package io.lifeboat.security;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Response headers for every filter chain. The Content-Security-Policy is the strictest Vaadin Flow 24 runs under:
 * its bootstrap page has inline scripts and its components set inline styles ({@code 'unsafe-inline'}), and its
 * client engine builds functions from strings for {@code executeJs} and property bindings
 * ({@code new Function(…)}, hence {@code 'unsafe-eval'}: without it the login page stays blank in Chromium; the
 * evidence is in docs/adr/content-security-policy.md). What
 * the policy does forbid: scripts, styles, fonts, images and connections from any other origin, plugins, framing,
 * a foreign {@code <base>}, and forms posting elsewhere. HSTS is on in production profiles
 * ({@code lifeboat.security.hsts=true}), which run behind TLS.
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
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

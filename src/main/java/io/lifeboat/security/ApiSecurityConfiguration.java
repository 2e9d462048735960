package io.lifeboat.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.automation.ApiRateLimiter;
import io.lifeboat.automation.ApiTokenService;
import io.lifeboat.shared.DatabaseOutage;
import io.lifeboat.tenancy.NoAccessException;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The REST API's own filter chain, ahead of the portal's: stateless, bearer tokens only, no CSRF (no cookies are
 * read, so there is nothing to forge), every refusal a problem detail. Tokens starting with {@code lb_} are API tokens;
 * any other is a Keycloak access token, accepted only in the {@code oidc} profile (a JwtDecoder exists there) and
 * turned into a tenant context by the same rules as the login ({@link OidcTenantResolver}).
 */
@Configuration
class ApiSecurityConfiguration {

    /** The OpenAPI document and the browsable page: /api/v1/docs redirects to springdoc's page and its scripts under swagger-ui. */
    static final String[] DOCUMENTATION = {"/api/v1/openapi.json", "/api/v1/openapi.json/**", "/api/v1/docs", "/api/v1/docs/**",
            "/api/v1/swagger-ui/**"};

    @Bean
    @Order(0)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokenService apiTokens, ApiRateLimiter limiter, ObjectProvider<JwtDecoder> jwtDecoder,
                                    TenancyService tenancy, ObjectMapper json) throws Exception {
        ApiProblemResponses problems = new ApiProblemResponses(json);
        AuthenticationManager bearerTokens = authentication -> {
            try {
                return bearer(((BearerTokenAuthenticationToken) authentication).getToken(), apiTokens, jwtDecoder, tenancy);
            } catch (RuntimeException e) {
                if (DatabaseOutage.isCauseOf(e)) {
                    throw new ApiProblemResponses.DatabaseUnavailable(e); // 503, not "unknown token"
                }
                throw e;
            }
        };
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth.requestMatchers(DOCUMENTATION).permitAll().anyRequest().authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .oauth2ResourceServer(server -> server.authenticationManagerResolver(request -> bearerTokens)
                        .authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterAfter(new ApiRateLimitFilter(limiter, problems), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new ReadOnlyTokenFilter(problems), ApiRateLimitFilter.class)
                .build();
    }

    private static Authentication bearer(String token, ApiTokenService apiTokens, ObjectProvider<JwtDecoder> jwtDecoder, TenancyService tenancy) {
        if (token.startsWith("lb_")) {
            return apiTokens.authenticate(token).map(grant -> new ApiAuthentication(new ApiPrincipal(grant.context(), grant.readOnly()), grant.credential()))
                    .orElseThrow(() -> new InvalidBearerTokenException("unknown, revoked or expired API token"));
        }
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder == null) {
            throw new InvalidBearerTokenException("not an API token, and no identity provider is configured");
        }
        return accessToken(decoder, token, new OidcTenantResolver(tenancy::findTenantByName));
    }

    private static ApiAuthentication accessToken(JwtDecoder decoder, String token, OidcTenantResolver resolver) {
        try {
            Jwt jwt = decoder.decode(token);
            String username = jwt.hasClaim("preferred_username") ? jwt.getClaimAsString("preferred_username") : jwt.getSubject();
            TenantContext context = resolver.resolve(username, jwt.getClaims());
            return new ApiAuthentication(new ApiPrincipal(context, false), "access token of " + username);
        } catch (JwtException e) {
            throw new InvalidBearerTokenException("invalid access token: " + e.getMessage(), e);
        } catch (NoAccessException e) {
            throw new InvalidBearerTokenException("the access token grants no access: " + e.getMessage(), e);
        }
    }
}

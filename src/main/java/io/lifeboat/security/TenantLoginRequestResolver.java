package io.lifeboat.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Builds the redirect to Keycloak, always with PKCE, and adds the per-tenant login:
 * <ul>
 *   <li>{@code /login} starts the login too (the local login form has no use with OIDC).</li>
 *   <li>{@code /login/<tenant>} (the link a provider hands each tenant), {@code /login?tenant=<tenant>} and
 *       {@code /oauth2/authorization/keycloak?tenant=<tenant>}
 *       ask Keycloak for the scope {@code organization:<tenant>}: Keycloak then authenticates the user for that
 *       organisation only (its identity providers, if it has any) and the token names no other organisation.
 *       Only tenants that exist in Lifeboat are passed on; anything else gets the plain login.</li>
 *   <li>{@code ?prompt=login} is passed through, so the no-access page can offer "log in with another account".</li>
 * </ul>
 * The tenant in the token is still verified at login ({@link OidcTenantResolver}); the hint only picks the login.
 */
final class TenantLoginRequestResolver implements OAuth2AuthorizationRequestResolver {

    /** {@code /login}, {@code /login/<tenant>}; not {@code /login/oauth2/code/…} (the callback). */
    private static final Pattern LOGIN = Pattern.compile("^/login(?:/([a-z0-9][a-z0-9-]{0,62}))?/?$");
    private static final Pattern TENANT_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    private final DefaultOAuth2AuthorizationRequestResolver delegate;
    private final String registrationId;
    private final Predicate<String> knownTenant;

    /** {@code knownTenant} says whether a tenant of that name exists in Lifeboat. */
    TenantLoginRequestResolver(ClientRegistrationRepository registrations, String registrationId, Predicate<String> knownTenant) {
        this.delegate = new DefaultOAuth2AuthorizationRequestResolver(registrations,
                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        this.delegate.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        this.registrationId = registrationId;
        this.knownTenant = knownTenant;
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        Matcher login = LOGIN.matcher(pathOf(request));
        if (login.matches()) {
            String tenant = login.group(1) != null ? login.group(1) : request.getParameter("tenant");
            return customize(delegate.resolve(request, registrationId), tenant, request);
        }
        return customize(delegate.resolve(request), request.getParameter("tenant"), request);
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
        return customize(delegate.resolve(request, clientRegistrationId), request.getParameter("tenant"), request);
    }

    private OAuth2AuthorizationRequest customize(OAuth2AuthorizationRequest authorization, String tenant, HttpServletRequest request) {
        if (authorization == null) {
            return null;
        }
        OAuth2AuthorizationRequest.Builder builder = OAuth2AuthorizationRequest.from(authorization);
        if (tenant != null && TENANT_NAME.matcher(tenant).matches() && knownTenant.test(tenant)) {
            Set<String> scopes = new LinkedHashSet<>(authorization.getScopes());
            scopes.remove("organization");
            scopes.add("organization:" + tenant);
            builder.scopes(scopes);
        }
        if ("login".equals(request.getParameter("prompt"))) {
            builder.additionalParameters(parameters -> parameters.put("prompt", "login"));
        }
        return builder.build();
    }

    private static String pathOf(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.isEmpty() ? "/" : path;
    }
}

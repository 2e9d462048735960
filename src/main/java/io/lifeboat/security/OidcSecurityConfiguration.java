package io.lifeboat.security;

import static com.vaadin.flow.spring.security.VaadinSecurityConfigurer.vaadin;

import io.lifeboat.tenancy.IdentityProviderSignIns;
import io.lifeboat.tenancy.NoAccessException;
import io.lifeboat.tenancy.NoAccessReason;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Login through an OpenID Connect provider (Keycloak), on with the Spring profile {@code oidc}; it replaces the local
 * login form (local accounts then only serve HTTP basic for the actuator). The client registration is
 * {@code spring.security.oauth2.client.registration.keycloak.*} (application-oidc.properties).
 *
 * <p>At login the verified ID token becomes a {@link LifeboatOidcUser} carrying the tenant context
 * ({@link OidcTenantResolver}); a user the token gives no access gets the no-access page, not an error. Logout ends
 * the Keycloak session too (RP-initiated logout: Vaadin's configurer installs Spring's
 * {@code OidcClientInitiatedLogoutSuccessHandler} with the portal's root as the post-logout redirect, which leads
 * straight back to Keycloak's login).
 */
@Configuration
@Profile("oidc")
class OidcSecurityConfiguration {

    static final String REGISTRATION_ID = "keycloak";
    static final String LOGIN_PAGE = "/oauth2/authorization/" + REGISTRATION_ID;
    static final String NO_ACCESS_PAGE = "/no-access";
    static final String NO_ACCESS_ERROR = "lifeboat_no_access";

    private static final Logger log = LoggerFactory.getLogger(OidcSecurityConfiguration.class);

    @Bean
    @Order(2)
    SecurityFilterChain oidcPortalSecurity(HttpSecurity http, ClientRegistrationRepository registrations, TenancyService tenancy,
                                           IdentityProviderSignIns signIns, @Value("${lifeboat.security.hsts:false}") boolean hsts) throws Exception {
        OidcTenantResolver resolver = new OidcTenantResolver(tenancy::findTenantByName);
        http.oauth2Login(login -> login
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(
                        new TenantLoginRequestResolver(registrations, REGISTRATION_ID, name -> tenancy.findTenantByName(name).isPresent())))
                .userInfoEndpoint(userInfo -> userInfo.oidcUserService(lifeboatUsers(resolver, signIns)))
                .failureHandler(OidcSecurityConfiguration::toNoAccessPage));
        http.headers(SecurityHeaders.of(hsts));
        http.addFilterAfter(new WithdrawnAccessFilter(tenancy), SecurityContextHolderFilter.class);
        SecurityConfiguration.permitErrorPages(http);
        http.with(vaadin(), vaadin -> vaadin.oauth2LoginPage(LOGIN_PAGE, "{baseUrl}"));
        return http.build();
    }

    /**
     * Spring's OIDC user service (ID token checks, userinfo), then Lifeboat's own decision about the tenant, recorded
     * for the user's API tokens.
     */
    static OAuth2UserService<OidcUserRequest, OidcUser> lifeboatUsers(OidcTenantResolver resolver, IdentityProviderSignIns signIns) {
        OidcUserService oidc = new OidcUserService();
        return request -> {
            OidcUser user = oidc.loadUser(request);
            String username = user.getPreferredUsername() != null ? user.getPreferredUsername() : user.getSubject();
            try {
                TenantContext context = resolver.resolve(username, user.getClaims());
                log.info("OIDC login of {} as {} of {}", username, context.role(), context.isProvider() ? "the provider" : context.tenantName());
                recordQuietly(() -> signIns.signedIn(context), username);
                return new LifeboatOidcUser(context, user);
            } catch (NoAccessException e) {
                log.info("OIDC login refused: {}", e.getMessage());
                if (OidcTenantResolver.grantsNoRole(user.getClaims())) {
                    recordQuietly(() -> signIns.roleWithdrawn(username), username);
                }
                throw new OAuth2AuthenticationException(new OAuth2Error(NO_ACCESS_ERROR, e.reason().code(), null), e);
            }
        };
    }

    /** What a sign-in gave is recorded for the user's API tokens; a failure to record it must not fail the login. */
    private static void recordQuietly(Runnable record, String username) {
        try {
            record.run();
        } catch (RuntimeException e) {
            log.warn("Could not record the sign-in of {} for their API tokens: {}", username, e.toString());
        }
    }

    /** Every failed OIDC login ends on the no-access page with a reason code, never on an error trace. */
    private static void toNoAccessPage(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        String code = NoAccessReason.LOGIN_FAILED.code();
        if (e instanceof OAuth2AuthenticationException oauth && NO_ACCESS_ERROR.equals(oauth.getError().getErrorCode())) {
            code = oauth.getError().getDescription();
        } else {
            log.warn("OIDC login failed: {}", e.getMessage());
        }
        response.sendRedirect(request.getContextPath() + NO_ACCESS_PAGE + "?reason=" + code);
    }
}

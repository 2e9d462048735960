package io.lifeboat.security;

import static com.vaadin.flow.spring.security.VaadinSecurityConfigurer.vaadin;

import io.lifeboat.shared.DatabaseOutage;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.ui.LoginView;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

@Configuration
@EnableWebSecurity
class SecurityConfiguration {

    static final String LOGIN_PATH = "/login";

    private final boolean hsts;

    SecurityConfiguration(@Value("${lifeboat.security.hsts:false}") boolean hsts) {
        this.hsts = hsts;
    }

    /**
     * Actuator: health for load balancers without login; everything else (prometheus) for the provider, with HTTP
     * basic for scrapers. Stateless: a scraper or a stranger never gets a server session.
     */
    @Bean
    @Order(1)
    SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .anyRequest().hasRole("PROVIDER_ADMIN"))
                .httpBasic(basic -> basic.authenticationEntryPoint(SecurityConfiguration::askForBasicAuth))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(SecurityHeaders.of(hsts))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /**
     * A plain 401 (not sendError, whose error dispatch would end in the portal's login redirect), or 429 with
     * Retry-After when the login is throttled.
     */
    private static void askForBasicAuth(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) {
        if (e instanceof LoginThrottledException throttled) {
            response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
            response.setStatus(429);
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"Lifeboat\"");
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    }

    /** The local login form: the embedded default. The {@code oidc} profile replaces it (OidcSecurityConfiguration). */
    @Bean
    @Order(2)
    @Profile("!oidc")
    SecurityFilterChain portalSecurity(HttpSecurity http, TenancyService tenancy) throws Exception {
        http.addFilterBefore(new LoginOriginCheck(LOGIN_PATH), UsernamePasswordAuthenticationFilter.class);
        http.addFilterAfter(new WithdrawnAccessFilter(tenancy), SecurityContextHolderFilter.class);
        http.headers(SecurityHeaders.of(hsts));
        permitErrorPages(http);
        http.with(vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        http.with(new LoginFailureConfigurer(), configurer -> { });
        return http.build();
    }

    /**
     * Sets the form login's failure handler after Vaadin's configurer has declared the login view: touching
     * {@code formLogin} any earlier would initialise it without the custom login page (Spring's own page would appear).
     */
    private static final class LoginFailureConfigurer extends AbstractHttpConfigurer<LoginFailureConfigurer, HttpSecurity> {

        @Override
        public void init(HttpSecurity http) throws Exception {
            http.formLogin(form -> form.failureHandler(SecurityConfiguration::backToLoginPage));
        }
    }

    /** Back to the login page, saying whether the password was wrong, logins are paused (and for how long) or the database is away. */
    private static void backToLoginPage(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        String query = e instanceof LoginThrottledException throttled ? LoginView.THROTTLED + "=" + throttled.retryAfterSeconds()
                : DatabaseOutage.isCauseOf(e) ? LoginView.UNAVAILABLE : "error";
        new DefaultRedirectStrategy().sendRedirect(request, response, LOGIN_PATH + "?" + query);
    }

    /** Local accounts' passwords (the form and HTTP basic), throttled. OIDC logins are throttled by the identity provider. */
    @Bean
    AuthenticationProvider localAccountPasswords(UserDetailsService users, PasswordEncoder passwordEncoder, LoginThrottle throttle) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(passwordEncoder);
        return new ThrottledAuthenticationProvider(passwords, throttle);
    }

    /** Before Spring Security, so that no URL it builds comes from the Host header. */
    @Bean
    FilterRegistrationBean<PublicUrlFilter> publicUrlFilter(@Value("${lifeboat.public-url:}") String publicUrl) {
        FilterRegistrationBean<PublicUrlFilter> registration = new FilterRegistrationBean<>(new PublicUrlFilter(publicUrl));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC, DispatcherType.FORWARD);
        return registration;
    }

    /**
     * The error page is shown to everyone, logged in or not: an error page behind the login would send an anonymous
     * visitor whose request failed to the login, which can fail the same way, again and again (a redirect loop).
     */
    static void permitErrorPages(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers("/error").permitAll());
    }

    /** Runs before Spring Security, whose firewall rejects such URLs, so a bookmarked {@code /login;jsessionid=…} still opens. */
    @Bean
    FilterRegistrationBean<SessionIdInUrlFilter> sessionIdInUrlFilter() {
        FilterRegistrationBean<SessionIdInUrlFilter> registration = new FilterRegistrationBean<>(new SessionIdInUrlFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }
}

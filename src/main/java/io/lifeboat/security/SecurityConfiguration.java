package io.lifeboat.security;

import static com.vaadin.flow.spring.security.VaadinSecurityConfigurer.vaadin;

import io.lifeboat.ui.LoginView;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

@Configuration
@EnableWebSecurity
class SecurityConfiguration {

    /** Actuator: health for load balancers without login; everything else (prometheus) for the provider, with HTTP basic for scrapers. */
    @Bean
    @Order(1)
    SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .anyRequest().hasRole("PROVIDER_ADMIN"))
                .httpBasic(basic -> basic.authenticationEntryPoint(SecurityConfiguration::askForBasicAuth))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /** A plain 401 (not sendError, whose error dispatch would end in the portal's login redirect). */
    private static void askForBasicAuth(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"Lifeboat\"");
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    }

    /** The local login form: the embedded default. The {@code oidc} profile replaces it (OidcSecurityConfiguration). */
    @Bean
    @Order(2)
    @Profile("!oidc")
    SecurityFilterChain portalSecurity(HttpSecurity http) throws Exception {
        permitErrorPages(http);
        http.with(vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        return http.build();
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

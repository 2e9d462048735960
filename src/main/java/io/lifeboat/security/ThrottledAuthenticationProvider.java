package io.lifeboat.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password logins (the form and HTTP basic) through {@link LoginThrottle}: a throttled attempt is refused before the
 * password is checked; every outcome is logged with account and client address.
 */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(ThrottledAuthenticationProvider.class);

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledAuthenticationProvider(AuthenticationProvider passwords, LoginThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String account = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : "unknown";
        var wait = throttle.waitBefore(account, address);
        if (wait.isPresent()) {
            LoginThrottledException refused = new LoginThrottledException(wait.get());
            log.warn("Login of {} from {} refused unchecked: throttled for {} s", LoginThrottle.printable(account), address, refused.retryAfterSeconds());
            throw refused;
        }
        try {
            Authentication result = passwords.authenticate(attempt);
            throttle.succeeded(account, address);
            log.info("Login of {} from {}", LoginThrottle.printable(account), address);
            return result;
        } catch (AuthenticationException e) {
            throttle.failed(account, address);
            log.warn("Failed login of {} from {}: {}", LoginThrottle.printable(account), address, e.getMessage());
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }
}

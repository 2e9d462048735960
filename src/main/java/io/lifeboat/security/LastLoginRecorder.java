package io.lifeboat.security;

import io.lifeboat.tenancy.UserAdministrationService;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Records each successful login of a local account, for the "last login" the Users page shows. */
@Component
class LastLoginRecorder {

    private final UserAdministrationService users;

    LastLoginRecorder(UserAdministrationService users) {
        this.users = users;
    }

    @EventListener
    void on(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof LifeboatUser user) {
            users.recordLogin(user.getUsername());
        }
    }
}

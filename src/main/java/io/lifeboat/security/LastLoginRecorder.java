package io.lifeboat.security;

import io.lifeboat.tenancy.TenancyService;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Records each successful login of a local account, for the "last login" the Users page shows. */
@Component
class LastLoginRecorder {

    private final TenancyService tenancy;

    LastLoginRecorder(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    @EventListener
    void on(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof LifeboatUser user) {
            tenancy.recordLogin(user.getUsername());
        }
    }
}

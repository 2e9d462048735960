package io.lifeboat.security;

import io.lifeboat.tenancy.AccountDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Logs a user in who has just proved who they are another way (the first administrator, through the setup link).
 * The caller renews the session id first, so the anonymous session that opened the link is not the one logged in.
 */
@Component
public class SessionLogin {

    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();

    public void logIn(AccountDetails account, HttpServletRequest request, HttpServletResponse response) {
        LifeboatUser user = new LifeboatUser(account.context(), account.passwordHash(), account.enabled());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        repository.saveContext(context, request, response);
    }
}

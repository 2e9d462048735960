package io.lifeboat.tenancy;

import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The first provider administrator of a fresh installation. While there is none, a setup token exists (printed as a
 * link at start, or given in {@code LIFEBOAT_SETUP_TOKEN}); whoever holds it may create that one account, once. These
 * methods are for anonymous callers: the token is the authorisation.
 */
@Service
public class FirstRunService {

    private final UserAccountRepository accounts;
    private final OneTimeLinks links;
    private final PasswordEncoder passwordEncoder;
    private final org.springframework.context.ApplicationEventPublisher events;

    FirstRunService(UserAccountRepository accounts, OneTimeLinks links, PasswordEncoder passwordEncoder,
                    org.springframework.context.ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.links = links;
        this.passwordEncoder = passwordEncoder;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public boolean administratorMissing() {
        return !accounts.existsByRole(Role.PROVIDER_ADMIN);
    }

    /**
     * When no provider administrator exists, replaces any earlier setup token with {@code presetToken} (or a new random
     * one when it is blank) and returns it; empty when an administrator exists (then no token is left either).
     */
    @Transactional
    public Optional<String> openSetup(String presetToken) {
        links.revokeAll(OneTimeToken.Purpose.FIRST_ADMINISTRATOR);
        if (!administratorMissing()) {
            return Optional.empty();
        }
        String preset = presetToken == null || presetToken.isBlank() ? null : presetToken.trim();
        if (preset != null && preset.length() < 20) {
            throw new IllegalArgumentException("LIFEBOAT_SETUP_TOKEN is too short to be secret: use at least 20 random characters.");
        }
        return Optional.of(links.issue(OneTimeToken.Purpose.FIRST_ADMINISTRATOR, null, preset, null));
    }

    @Transactional(readOnly = true)
    public boolean setupTokenValid(String token) {
        return administratorMissing() && links.find(OneTimeToken.Purpose.FIRST_ADMINISTRATOR, token).isPresent();
    }

    /**
     * Creates the first provider administrator and uses the token up. Throws {@link AccessDeniedException} when the token
     * is unknown or used, or an administrator exists already; {@link InvalidInputException} for a bad name or password.
     */
    @Transactional
    public AccountDetails createFirstAdministrator(String token, String username, String password) {
        if (!setupTokenValid(token)) {
            throw new AccessDeniedException("This setup link has been used already or is not valid. Log in, or restart the portal for a new link if nobody can.");
        }
        UserAdministrationService.checkUsername(username);
        PasswordPolicy.check("password", username, password);
        if (!links.redeem(token)) {
            throw new AccessDeniedException("This setup link has just been used by someone else.");
        }
        links.revokeAll(OneTimeToken.Purpose.FIRST_ADMINISTRATOR);
        UserAccount account = new UserAccount(username.trim(), passwordEncoder.encode(password), Role.PROVIDER_ADMIN, null);
        account.createdBy("setup link");
        accounts.save(account);
        events.publishEvent(new AdministrativeChange(username.trim(), null, "First provider administrator " + username.trim() + " created",
                "through the one-time setup link"));
        return new AccountDetails(account.getUsername(), account.getPasswordHash(), Role.PROVIDER_ADMIN, null, null, true);
    }
}

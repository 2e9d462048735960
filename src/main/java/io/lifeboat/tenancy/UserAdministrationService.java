package io.lifeboat.tenancy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Local accounts, managed in the portal: the provider's administrators manage every account; a tenant operator manages
 * the accounts of their own tenant only, and an account of another tenant is, for them, an account that does not exist.
 * Passwords are never chosen by the administrator: a new account and a reset get a one-time link (valid
 * {@link #LINK_VALIDITY}) through which the user sets their own.
 */
@Service
public class UserAdministrationService {

    public static final Duration LINK_VALIDITY = Duration.ofDays(3);
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,99}");

    private final UserAccountRepository accounts;
    private final TenantRepository tenants;
    private final OneTimeLinks links;
    private final PasswordEncoder passwordEncoder;
    private final CurrentTenant currentTenant;
    private final ApplicationEventPublisher events;
    private final boolean localAccounts;

    UserAdministrationService(UserAccountRepository accounts, TenantRepository tenants, OneTimeLinks links,
                              PasswordEncoder passwordEncoder, CurrentTenant currentTenant, ApplicationEventPublisher events,
                              @Value("${lifeboat.security.local-accounts:true}") boolean localAccounts) {
        this.localAccounts = localAccounts;
        this.accounts = accounts;
        this.tenants = tenants;
        this.links = links;
        this.passwordEncoder = passwordEncoder;
        this.currentTenant = currentTenant;
        this.events = events;
    }

    /** The accounts the caller manages: every one for the provider, their tenant's for a tenant operator. */
    @Transactional(readOnly = true)
    public List<UserRow> users() {
        TenantContext caller = requireManager();
        List<UserAccount> visible = caller.isProvider() ? accounts.findAllByOrderByUsername()
                : accounts.findByTenantIdOrderByUsername(caller.requireTenantId());
        return visible.stream().map(UserAccount::row).toList();
    }

    /** The tenants the caller may create accounts for: every tenant for the provider, their own for a tenant operator. */
    @Transactional(readOnly = true)
    public List<String> tenantNames() {
        TenantContext caller = requireManager();
        return caller.isProvider() ? tenants.findAll().stream().map(Tenant::getName).sorted().toList() : List.of(caller.tenantName());
    }

    /** One account the caller manages; empty for an unknown account and for one of another tenant alike. */
    @Transactional(readOnly = true)
    public Optional<UserRow> user(String username) {
        TenantContext caller = requireManager();
        return accounts.findByUsername(username).filter(account -> manages(caller, account)).map(UserAccount::row);
    }

    /** Creates the account (without a password) and returns the token of its one-time set-password link. */
    @Transactional
    public String createUser(NewUser user) {
        TenantContext caller = requireManager();
        if (!localAccounts) {   // nobody could sign in with it, and its name could be an identity-provider user's
            throw new InvalidInputException("username", "Users sign in through your identity provider here: add " + user.username()
                    + " there, in their tenant's organisation and with their role.");
        }
        checkUsername(user.username());
        if (user.role() == null) {
            throw new InvalidInputException("role", "Choose a role.");
        }
        Tenant tenant = null;
        if (user.role().isTenantRole()) {
            String tenantName = caller.isProvider() ? user.tenantName() : caller.tenantName();
            tenant = tenantName == null ? null : tenants.findByName(tenantName).orElse(null);
            if (tenant == null) {
                throw new InvalidInputException("tenant", "Choose the tenant this account belongs to.");
            }
        } else if (!caller.isProvider()) {
            throw new AccessDeniedException("Only the provider's administrators can create provider accounts.");
        }
        String username = user.username().trim();
        if (accounts.findByUsername(username).isPresent()) {
            throw new InvalidInputException("username", "The user name " + username + " is taken. Choose another one.");
        }
        UserAccount account = new UserAccount(username, null, user.role(), tenant);
        account.createdBy(caller.username());
        accounts.save(account);
        changed(caller, account, "Account " + username + " created", "role " + user.role());
        return links.issue(OneTimeToken.Purpose.SET_PASSWORD, username, null, LINK_VALIDITY);
    }

    @Transactional
    public void changeRole(String username, Role role) {
        TenantContext caller = requireManager();
        UserAccount account = managed(caller, username);
        if (role == Role.PROVIDER_ADMIN && !caller.isProvider()) {
            throw new AccessDeniedException("Only the provider's administrators can grant the provider role.");
        }
        if (account.getRole() == Role.PROVIDER_ADMIN && role != Role.PROVIDER_ADMIN) {
            throw new InvalidInputException("role", "A provider account keeps the provider role; create a tenant account instead.");
        }
        account.changeRole(role);
        changed(caller, account, "Account " + username + " is now " + role, null);
    }

    /** Disables or enables an account; nobody disables their own, nor the last enabled provider administrator. */
    @Transactional
    public void setEnabled(String username, boolean enabled) {
        TenantContext caller = requireManager();
        UserAccount account = managed(caller, username);
        if (!enabled && account.getUsername().equals(caller.username())) {
            throw new InvalidInputException(null, "You cannot disable your own account.");
        }
        if (!enabled && account.getRole() == Role.PROVIDER_ADMIN && account.isEnabled()
                && accounts.countByRoleAndEnabledTrue(Role.PROVIDER_ADMIN) <= 1) {
            throw new InvalidInputException(null, "This is the last enabled provider administrator: nobody could administer Lifeboat without it.");
        }
        account.enable(enabled);
        if (!enabled) {
            links.revoke(OneTimeToken.Purpose.SET_PASSWORD, username);
        }
        changed(caller, account, "Account " + username + (enabled ? " enabled" : " disabled"), null);
    }

    /** Issues a new one-time set-password link (earlier ones stop working) and returns its token; the old password keeps working until the link is used. */
    @Transactional
    public String resetPassword(String username) {
        TenantContext caller = requireManager();
        UserAccount account = managed(caller, username);
        if (!account.isEnabled()) {
            throw new InvalidInputException(null, "Enable the account first.");
        }
        links.revoke(OneTimeToken.Purpose.SET_PASSWORD, username);
        changed(caller, account, "Password reset link issued for " + username, null);
        return links.issue(OneTimeToken.Purpose.SET_PASSWORD, username, null, LINK_VALIDITY);
    }

    // --- the link's owner, not logged in: the token is the authorisation -------------------------------------------

    /** The account a valid, unused set-password link belongs to; empty otherwise. */
    @Transactional(readOnly = true)
    public Optional<String> passwordLinkOwner(String token) {
        return links.find(OneTimeToken.Purpose.SET_PASSWORD, token).map(OneTimeToken::getUsername)
                .filter(username -> accounts.findByUsername(username).filter(UserAccount::isEnabled).isPresent());
    }

    /** Sets the password through the link and uses the link up. */
    @Transactional
    public void setPasswordWithLink(String token, String password) {
        String username = passwordLinkOwner(token).orElseThrow(() -> new AccessDeniedException(
                "This link has been used already, has expired or is not valid. Ask your administrator for a new one."));
        PasswordPolicy.check("password", username, password);
        if (!links.redeem(token)) {
            throw new AccessDeniedException("This link has just been used.");
        }
        UserAccount account = accounts.findByUsername(username).orElseThrow();
        account.changePassword(passwordEncoder.encode(password));
        events.publishEvent(new AdministrativeChange(username, account.getTenant() == null ? null : account.getTenant().getId(),
                "Password of " + username + " set", "through a one-time link"));
    }

    static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username.trim()).matches()) {
            throw new InvalidInputException("username", "Use 2-100 lower-case letters, digits and . _ @ - (e.g. jane.doe).");
        }
    }

    private TenantContext requireManager() {
        TenantContext caller = currentTenant.get();
        if (!caller.isProvider() && !caller.canOperate()) {
            throw new AccessDeniedException("Only operators manage accounts. Ask your tenant's operator.");
        }
        return caller;
    }

    private static boolean manages(TenantContext caller, UserAccount account) {
        return caller.isProvider() || (account.getTenant() != null && account.getTenant().getId().equals(caller.tenantId()));
    }

    private UserAccount managed(TenantContext caller, String username) {
        return accounts.findByUsername(username).filter(account -> manages(caller, account))
                .orElseThrow(() -> new InvalidInputException("username", "There is no account " + username + " that you manage."));
    }

    private void changed(TenantContext caller, UserAccount account, String title, String detail) {
        events.publishEvent(new AdministrativeChange(caller.username(),
                account.getTenant() == null ? null : account.getTenant().getId(), title, detail));
    }
}

package io.lifeboat.tenancy;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tenants and local accounts. */
@Service
public class TenancyService {

    /** The {@code managed_by} value of rows that {@code lifeboat.setup.*} declares. */
    public static final String CONFIGURATION = "configuration";
    /** At most 16 characters: the name is part of the network extension's names for the tenant's networks. */
    private static final Pattern TENANT_NAME = Pattern.compile("[a-z][a-z0-9-]{1,15}");
    private static final String TENANT_NAME_RULE = "Use 2-16 lower-case letters, digits and dashes, starting with a letter (e.g. acme).";

    private final TenantRepository tenants;
    private final UserAccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final CurrentTenant currentTenant;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final boolean localAccounts;

    TenancyService(TenantRepository tenants, UserAccountRepository accounts, PasswordEncoder passwordEncoder,
                   CurrentTenant currentTenant, ApplicationEventPublisher events, Clock clock,
                   @Value("${lifeboat.security.local-accounts:true}") boolean localAccounts) {
        this.localAccounts = localAccounts;
        this.tenants = tenants;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.currentTenant = currentTenant;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<AccountDetails> findAccount(String username) {
        return accounts.findByUsername(username).map(account -> new AccountDetails(account.getUsername(),
                account.getPasswordHash(), account.getRole(),
                account.getTenant() == null ? null : account.getTenant().getId(),
                account.getTenant() == null ? null : account.getTenant().getName(),
                account.isEnabled() && (account.getTenant() == null || account.getTenant().isEnabled())));
    }

    /**
     * Whether a signed-in user may go on using the portal: their tenant (if any) and their local account are still
     * enabled. Asked on every request, so disabling ends sessions already open. Where users sign in through an identity
     * provider, a local account of the same name is not theirs: disabled, it ended their sessions.
     */
    @Transactional(readOnly = true)
    public boolean mayContinue(TenantContext user) {
        boolean tenantEnabled = user.tenantId() == null || tenants.findById(user.tenantId()).map(Tenant::isEnabled).orElse(false);
        return tenantEnabled && localAccount(user.username()).map(AccountDetails::enabled).orElse(true);
    }

    /**
     * The local account {@code username} signs in with; empty where users sign in through an identity provider
     * ({@code lifeboat.security.local-accounts=false}, the {@code oidc} profile): a local account there is nobody's
     * identity, and one of an identity-provider user's name must neither end their sessions nor speak for their tokens.
     */
    @Transactional(readOnly = true)
    public Optional<AccountDetails> localAccount(String username) {
        return localAccounts ? findAccount(username) : Optional.empty();
    }


    @Transactional(readOnly = true)
    public List<TenantSummary> listTenants() {
        return tenants.findAll(Sort.by("name")).stream().map(TenantSummary::of).toList();
    }

    @Transactional(readOnly = true)
    public Optional<TenantSummary> findTenant(long id) {
        return tenants.findById(id).map(TenantSummary::of);
    }

    @Transactional(readOnly = true)
    public Optional<TenantSummary> findTenantByName(String name) {
        return tenants.findByName(name).map(TenantSummary::of);
    }

    /** Creates the tenant, or updates its display name and plan if it exists. */
    @Transactional
    public TenantSummary ensureTenant(String name, String displayName, HardwarePlan plan) {
        if (name == null || !TENANT_NAME.matcher(name).matches()) {
            throw new IllegalStateException("Tenant name '" + name + "' in the configuration: " + TENANT_NAME_RULE);
        }
        Tenant tenant = tenants.findByName(name).orElseGet(() -> tenants.save(new Tenant(name, displayName, plan)));
        tenant.changePlan(plan);
        return TenantSummary.of(tenant);
    }

    /** Marks the tenant as declared in configuration: the portal shows it read-only from now on. */
    @Transactional
    public void markManagedByConfiguration(long tenantId) {
        tenants.findById(tenantId).ifPresent(tenant -> tenant.managedBy(CONFIGURATION));
    }

    /**
     * Creates a tenant (provider only). The name is what users and Keycloak organisations refer to, so it never changes.
     * Throws {@link InvalidInputException} for a bad or taken name or an empty plan.
     */
    @Transactional
    public TenantSummary createTenant(String name, String displayName, HardwarePlan plan) {
        String actor = currentTenant.requireProvider().username();
        if (name == null || !TENANT_NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", TENANT_NAME_RULE);
        }
        if (tenants.findByName(name).isPresent()) {
            throw new InvalidInputException("name", "There is already a tenant named " + name + ".");
        }
        checkTenantFields(displayName, plan);
        Tenant tenant = tenants.save(new Tenant(name, displayName.trim(), plan));
        events.publishEvent(new AdministrativeChange(actor, tenant.getId(), "Tenant " + name + " created",
                "Plan " + plan.cpus() + " vCPU, " + plan.memoryMb() + " MB RAM"));
        return TenantSummary.of(tenant);
    }

    /** Changes a tenant's display name and plan (provider only); refused for tenants managed by configuration. */
    @Transactional
    public TenantSummary updateTenant(long tenantId, String displayName, HardwarePlan plan) {
        String actor = currentTenant.requireProvider().username();
        Tenant tenant = editableTenant(tenantId);
        checkTenantFields(displayName, plan);
        tenant.rename(displayName.trim());
        tenant.changePlan(plan);
        events.publishEvent(new AdministrativeChange(actor, tenantId, "Tenant " + tenant.getName() + " changed",
                "Plan " + plan.cpus() + " vCPU, " + plan.memoryMb() + " MB RAM"));
        return TenantSummary.of(tenant);
    }

    /**
     * Enables or disables a tenant (provider only): its users cannot log in while it is disabled. The caller checks
     * first that no VM of the tenant is in failover; this only records the change.
     */
    @Transactional
    public void setTenantEnabled(long tenantId, boolean enabled) {
        String actor = currentTenant.requireProvider().username();
        Tenant tenant = editableTenant(tenantId);
        tenant.enable(enabled);
        events.publishEvent(new AdministrativeChange(actor, tenantId, "Tenant " + tenant.getName() + (enabled ? " enabled" : " disabled"), null));
    }

    private Tenant editableTenant(long tenantId) {
        Tenant tenant = tenants.findById(tenantId).orElseThrow(() -> new InvalidInputException(null, "There is no tenant " + tenantId + "."));
        if (tenant.getManagedBy() != null) {
            throw new AccessDeniedException("Tenant " + tenant.getName() + " is managed by configuration (lifeboat.setup): change it there.");
        }
        return tenant;
    }

    private static void checkTenantFields(String displayName, HardwarePlan plan) {
        if (displayName == null || displayName.isBlank()) {
            throw new InvalidInputException("displayName", "Give the tenant a name people recognise (e.g. ACME Corporation).");
        }
        if (displayName.trim().length() > 200) {
            throw new InvalidInputException("displayName", "Shorten the display name to 200 characters at most.");
        }
        if (plan.cpus() < 1) {
            throw new InvalidInputException("cpus", "The plan needs at least 1 vCPU.");
        }
        if (plan.memoryMb() < 512) {
            throw new InvalidInputException("memory", "The plan needs at least 512 MB of RAM.");
        }
    }

    /** Creates a local account unless one with that name exists (then it is left as it is). */
    @Transactional
    public void ensureLocalAccount(String username, String rawPassword, Role role, String tenantName) {
        if (accounts.findByUsername(username).isPresent()) {
            return;
        }
        Tenant tenant = tenantName == null ? null : tenants.findByName(tenantName)
                .orElseThrow(() -> new IllegalArgumentException("No tenant named " + tenantName));
        accounts.save(new UserAccount(username, passwordEncoder.encode(rawPassword), role, tenant));
    }

    /** Records a successful login (the Users page shows it). Called by the security module when a login succeeds. */
    @Transactional
    public void recordLogin(String username) {
        accounts.findByUsername(username).ifPresent(account -> account.loggedInAt(clock.instant()));
    }
}

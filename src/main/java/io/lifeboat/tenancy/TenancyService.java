package io.lifeboat.tenancy;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tenants and local accounts. */
@Service
public class TenancyService {

    private final TenantRepository tenants;
    private final UserAccountRepository accounts;
    private final PasswordEncoder passwordEncoder;

    TenancyService(TenantRepository tenants, UserAccountRepository accounts, PasswordEncoder passwordEncoder) {
        this.tenants = tenants;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
    }

    @Transactional(readOnly = true)
    public Optional<AccountDetails> findAccount(String username) {
        return accounts.findByUsername(username).map(account -> new AccountDetails(account.getUsername(),
                account.getPasswordHash(), account.getRole(),
                account.getTenant() == null ? null : account.getTenant().getId(),
                account.getTenant() == null ? null : account.getTenant().getName(),
                account.isEnabled()));
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
        Tenant tenant = tenants.findByName(name).orElseGet(() -> tenants.save(new Tenant(name, displayName, plan)));
        tenant.changePlan(plan);
        return TenantSummary.of(tenant);
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
}

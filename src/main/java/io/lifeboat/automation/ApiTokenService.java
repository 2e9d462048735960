package io.lifeboat.automation;

import io.lifeboat.audit.Audited;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.AccountDetails;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.tenancy.Role;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.tenancy.TenantSummary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens. A token is {@code lb_} + 43 characters (32 random bytes, base64url); its first 11 characters are
 * the prefix that finds its row, and only the SHA-256 of the whole token is stored. A token acts as its owner with the
 * owner's current role and tenant, narrowed to its scope; a disabled account's tokens stop working.
 */
@Service
public class ApiTokenService {

    static final String TOKEN_START = "lb_";
    private static final int PREFIX_LENGTH = 11;
    private static final Duration LONGEST_VALIDITY = Duration.ofDays(366);

    private final ApiTokenRepository tokens;
    private final CurrentTenant currentTenant;
    private final TenancyService tenancy;
    private final Clock clock;
    private final boolean lab;
    private final SecureRandom random = new SecureRandom();

    ApiTokenService(ApiTokenRepository tokens, CurrentTenant currentTenant, TenancyService tenancy, Clock clock,
                    @Value("${lifeboat.lab.enabled:false}") boolean lab) {
        this.tokens = tokens;
        this.currentTenant = currentTenant;
        this.tenancy = tenancy;
        this.clock = clock;
        this.lab = lab;
    }

    /**
     * Creates a token for the current user. A viewer's token can only read.
     *
     * @throws InvalidInputException when the name is blank or too long, or the validity is not 1 to 366 days
     */
    @Audited("Create API token")
    @Transactional
    public CreatedApiToken create(String name, ApiTokenScope scope, Duration validity) {
        TenantContext owner = currentTenant.get();
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidInputException("name", "Give the token a name of 1 to 100 characters, e.g. the script that will use it.");
        }
        if (validity.isNegative() || validity.isZero() || validity.compareTo(LONGEST_VALIDITY) > 0) {
            throw new InvalidInputException("validity", "A token is valid for 1 to 366 days.");
        }
        if (scope == ApiTokenScope.OPERATE && owner.role() == Role.TENANT_VIEWER) {
            throw new AccessDeniedException("Your role (TENANT_VIEWER) may look but not change anything, so your tokens can only read.");
        }
        return issue(owner, name.trim(), scope, validity);
    }

    /** The current user's tokens, newest first. */
    @Transactional(readOnly = true)
    public List<ApiTokenInfo> mine() {
        Instant now = clock.instant();
        return tokens.findByUsernameOrderByIdDesc(currentTenant.get().username()).stream().map(t -> t.view(now)).toList();
    }

    /** Revokes one of the current user's tokens at once; another user's token id is refused like a missing one. */
    @Audited("Revoke API token")
    @Transactional
    public void revoke(long tokenId) {
        String username = currentTenant.get().username();
        tokens.findById(tokenId).filter(t -> t.getUsername().equals(username))
                .orElseThrow(() -> new AccessDeniedException("You have no API token with id " + tokenId + "."))
                .revoke(clock.instant());
    }

    /**
     * What the presented token grants; empty when it is unknown, revoked, expired or its owner's account is disabled.
     * Called by the API's authentication, before anyone is logged in.
     */
    @Transactional
    public Optional<ApiTokenGrant> authenticate(String presented) {
        if (presented == null || !presented.startsWith(TOKEN_START) || presented.length() < PREFIX_LENGTH) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return tokens.findByPrefix(presented.substring(0, PREFIX_LENGTH))
                .filter(t -> MessageDigest.isEqual(sha256(presented).getBytes(StandardCharsets.US_ASCII),
                        t.getSecretHash().getBytes(StandardCharsets.US_ASCII)))
                .filter(t -> t.isValidAt(now))
                .flatMap(t -> ownerContext(t).map(context -> {
                    t.usedAt(now);
                    return new ApiTokenGrant(t.getId(), context, "API token " + t.getPrefix(), t.getScope() == ApiTokenScope.READ);
                }));
    }

    /** A demo token for a lab account, printed in the start-up banner; refused outside the lab. */
    @Transactional
    public String issueLabToken(String username) {
        if (!lab) {
            throw new IllegalStateException("Demo API tokens exist only in the lab.");
        }
        AccountDetails account = tenancy.findAccount(username).orElseThrow(() -> new IllegalArgumentException("No account " + username));
        TenantContext owner = new TenantContext(account.username(), account.role(), account.tenantId(), account.tenantName());
        return issue(owner, "Lab demo token", ApiTokenScope.OPERATE, Duration.ofDays(30)).token();
    }

    private CreatedApiToken issue(TenantContext owner, String name, ApiTokenScope scope, Duration validity) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = TOKEN_START + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        ApiToken saved = tokens.save(new ApiToken(token.substring(0, PREFIX_LENGTH), sha256(token), name, owner.username(), owner.role(),
                owner.tenantId(), scope, now, now.plus(validity)));
        return new CreatedApiToken(saved.view(now), token);
    }

    /**
     * The owner as they are now: a local account's current role and tenant (none if disabled), else as at creation;
     * none either when the owner's tenant is disabled or gone. Where users sign in through an identity provider, local
     * accounts are not looked up: one named as a token's owner would have lent the token its role and tenant.
     */
    private Optional<TenantContext> ownerContext(ApiToken token) {
        Optional<AccountDetails> account = tenancy.localAccount(token.getUsername());
        if (account.isPresent() && !account.get().enabled()) {
            return Optional.empty();
        }
        TenantContext owner = account.map(a -> new TenantContext(a.username(), a.role(), a.tenantId(), a.tenantName()))
                .orElseGet(() -> new TenantContext(token.getUsername(), token.getRole(), token.getTenantId(), null));
        if (owner.tenantId() != null) {
            // an identity provider's user has no local account to disable: its tenant's state decides, as at its login
            Optional<TenantSummary> tenant = tenancy.findTenant(owner.tenantId()).filter(TenantSummary::enabled);
            if (tenant.isEmpty()) {
                return Optional.empty();
            }
            owner = new TenantContext(owner.username(), owner.role(), owner.tenantId(), tenant.get().name());
        }
        boolean readOnly = token.getScope() == ApiTokenScope.READ && owner.role() == Role.TENANT_OPERATOR;
        return Optional.of(readOnly ? new TenantContext(owner.username(), Role.TENANT_VIEWER, owner.tenantId(), owner.tenantName()) : owner);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package io.lifeboat.automation;

import io.lifeboat.audit.Audited;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.AccountDetails;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.IdentityProviderSignIns;
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
    private final IdentityProviderSignIns signIns;
    private final Duration identityProviderSignInValidFor;
    private final Clock clock;
    private final boolean lab;
    private final SecureRandom random = new SecureRandom();

    ApiTokenService(ApiTokenRepository tokens, CurrentTenant currentTenant, TenancyService tenancy, IdentityProviderSignIns signIns,
                    @Value("${lifeboat.api.tokens.identity-provider-sign-in-valid-for:P30D}") Duration identityProviderSignInValidFor,
                    Clock clock, @Value("${lifeboat.lab.enabled:false}") boolean lab) {
        this.tokens = tokens;
        this.currentTenant = currentTenant;
        this.tenancy = tenancy;
        this.signIns = signIns;
        this.identityProviderSignInValidFor = identityProviderSignInValidFor;
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
     * What the current user must know about their tokens when they sign in through an identity provider (whose users'
     * tokens follow their sign-ins); empty for a local account.
     */
    @Transactional(readOnly = true)
    public Optional<String> signInCondition() {
        if (tenancy.localAccount(currentTenant.get().username()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("You sign in through your organisation's identity provider, so your tokens act with the role of your latest"
                + " sign-in, and stop working once you have not signed in to this portal for " + identityProviderSignInValidFor.toDays()
                + " days. Signing in again makes them work again.");
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
                .flatMap(t -> ownerContext(t, now).map(context -> {
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
     * The owner as they are now, none when their account or tenant is disabled; narrowed to the token's scope. A local
     * account's current role and tenant; an identity provider's user's role as at their latest sign-in to the token's
     * tenant (or as the provider), and only while that was within
     * {@code lifeboat.api.tokens.identity-provider-sign-in-valid-for}: Lifeboat cannot ask the identity provider about a
     * user who is not signing in, and one who left would otherwise keep their tokens for up to a year. Where users sign in through an identity provider, local accounts are not looked up: one named as a token's
     * owner would have lent the token its role and tenant.
     */
    private Optional<TenantContext> ownerContext(ApiToken token, Instant now) {
        return owner(token, now).flatMap(this::withEnabledTenant).map(owner -> narrowed(owner, token.getScope()));
    }

    private Optional<TenantContext> owner(ApiToken token, Instant now) {
        Optional<AccountDetails> account = tenancy.localAccount(token.getUsername());
        if (account.isPresent()) {
            return account.filter(AccountDetails::enabled).map(a -> new TenantContext(a.username(), a.role(), a.tenantId(), a.tenantName()));
        }
        return signIns.latest(token.getUsername(), token.getTenantId())
                .filter(access -> !access.signedInAt().plus(identityProviderSignInValidFor).isBefore(now))
                .map(access -> new TenantContext(access.username(), access.role(), access.tenantId(), null));
    }

    /** The owner with their tenant's name, none when the tenant is disabled or gone (as at a login). */
    private Optional<TenantContext> withEnabledTenant(TenantContext owner) {
        if (owner.tenantId() == null) {
            return Optional.of(owner);
        }
        return tenancy.findTenant(owner.tenantId()).filter(TenantSummary::enabled)
                .map(tenant -> new TenantContext(owner.username(), owner.role(), owner.tenantId(), tenant.name()));
    }

    private static TenantContext narrowed(TenantContext owner, ApiTokenScope scope) {
        boolean readOnly = scope == ApiTokenScope.READ && owner.role() == Role.TENANT_OPERATOR;
        return readOnly ? new TenantContext(owner.username(), Role.TENANT_VIEWER, owner.tenantId(), owner.tenantName()) : owner;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

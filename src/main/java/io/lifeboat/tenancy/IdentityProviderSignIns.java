package io.lifeboat.tenancy;

import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The access an identity provider gave each of its users at their latest sign-in to each tenant. Lifeboat cannot ask
 * the identity provider about a user who is not signing in, so this is what such a user's API tokens follow: a user
 * made a viewer there is a viewer here from their next sign-in, and one whose Lifeboat role was taken away loses their
 * tokens at the next attempt to sign in.
 */
@Service
public class IdentityProviderSignIns {

    private final IdentityProviderSignInRepository signIns;
    private final Clock clock;

    IdentityProviderSignIns(IdentityProviderSignInRepository signIns, Clock clock) {
        this.signIns = signIns;
        this.clock = clock;
    }

    /** Called by the security module when the identity provider's token gave {@code access} at sign-in. */
    @Transactional
    public void signedIn(TenantContext access) {
        IdentityProviderSignIn signIn = signIns.findById(IdentityProviderSignIn.key(access.username(), access.tenantId()))
                .orElseGet(() -> new IdentityProviderSignIn(access.username(), access.tenantId()));
        signIn.signedIn(access.role(), clock.instant());
        signIns.save(signIn);
    }

    /**
     * Called by the security module when the identity provider gave the user no Lifeboat role at all: none of their
     * tokens works any more. (Other refusals depend on the login link used, so they leave the record alone.)
     */
    @Transactional
    public void roleWithdrawn(String username) {
        signIns.deleteByUsername(username);
    }

    /** The user's latest sign-in to the tenant ({@code tenantId} null: as the provider). */
    @Transactional(readOnly = true)
    public Optional<IdentityProviderAccess> latest(String username, Long tenantId) {
        return signIns.findById(IdentityProviderSignIn.key(username, tenantId)).map(IdentityProviderSignIn::view);
    }
}

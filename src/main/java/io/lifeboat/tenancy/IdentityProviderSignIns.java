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

    /**
     * Called by the security module when the identity provider's token gave {@code access} at sign-in. Its roles hold for
     * all of the user's tenants: one who signs in as a tenant user is no provider administrator any more, and a viewer now
     * is a viewer in every tenant they signed in to before.
     */
    @Transactional
    public void signedIn(TenantContext access) {
        if (!access.isProvider()) {
            signIns.deleteById(IdentityProviderSignIn.key(access.username(), null));
            signIns.setRoleOfUser(access.username(), access.role());
        }
        IdentityProviderSignIn signIn = signIns.findById(IdentityProviderSignIn.key(access.username(), access.tenantId()))
                .orElseGet(() -> new IdentityProviderSignIn(access.username(), access.tenantId()));
        signIn.signedIn(access.role(), clock.instant());
        signIns.save(signIn);
    }

    /**
     * Called by the security module when the identity provider gave the user no Lifeboat role at all: none of their
     * tokens works any more. (Other refusals, such as no organisation, depend on the login link used: they leave the rows.)
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

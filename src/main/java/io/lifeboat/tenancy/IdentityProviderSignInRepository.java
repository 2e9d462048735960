package io.lifeboat.tenancy;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface IdentityProviderSignInRepository extends JpaRepository<IdentityProviderSignIn, Long> {

    /** The user's sign-in to the tenant, or as the provider when {@code tenantId} is null. */
    @Query("select s from IdentityProviderSignIn s where s.username = :username"
            + " and (s.tenantId = :tenantId or (s.tenantId is null and :tenantId is null))")
    Optional<IdentityProviderSignIn> find(String username, Long tenantId);

    List<IdentityProviderSignIn> findByUsername(String username);

    @Modifying
    @Query("delete from IdentityProviderSignIn s where s.username = :username")
    int deleteByUsername(String username);
}

package io.lifeboat.tenancy;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface IdentityProviderSignInRepository extends JpaRepository<IdentityProviderSignIn, String> {

    @Modifying
    @Query("update IdentityProviderSignIn s set s.role = :role where s.username = :username")
    int setRoleOfUser(String username, Role role);

    @Modifying
    @Query("delete from IdentityProviderSignIn s where s.username = :username")
    int deleteByUsername(String username);
}

package io.lifeboat.tenancy;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

    @EntityGraph(attributePaths = "tenant")
    Optional<UserAccount> findByUsername(String username);

    boolean existsByRole(Role role);

    long countByRoleAndEnabledTrue(Role role);

    @EntityGraph(attributePaths = "tenant")
    List<UserAccount> findAllByOrderByUsername();

    @EntityGraph(attributePaths = "tenant")
    List<UserAccount> findByTenantIdOrderByUsername(long tenantId);
}

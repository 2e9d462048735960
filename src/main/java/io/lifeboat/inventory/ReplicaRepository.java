package io.lifeboat.inventory;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface ReplicaRepository extends JpaRepository<Replica, Long> {

    List<Replica> findByTenantId(Long tenantId);

    Optional<Replica> findByIdAndTenantId(Long id, Long tenantId);

    List<Replica> findByIdInAndTenantId(List<Long> ids, Long tenantId);
}

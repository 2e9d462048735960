package io.lifeboat.inventory;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface RestorePointRepository extends JpaRepository<RestorePoint, Long> {

    List<RestorePoint> findByReplicaIdOrderByCreatedAtDesc(Long replicaId);

    @Query("select p from RestorePoint p where p.replicaId in (select r.id from Replica r where r.tenantId = :tenantId)")
    List<RestorePoint> findByTenant(Long tenantId);

    @Query("select p from RestorePoint p where p.id in :ids and p.replicaId in (select r.id from Replica r where r.tenantId = :tenantId)")
    List<RestorePoint> findByIdInAndTenant(List<Long> ids, Long tenantId);
}

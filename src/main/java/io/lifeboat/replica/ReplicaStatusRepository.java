package io.lifeboat.replica;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface ReplicaStatusRepository extends JpaRepository<ReplicaStatus, Long> {

    List<ReplicaStatus> findByTaskIdAndState(Long taskId, ReplicaState state);

    List<ReplicaStatus> findByTaskId(Long taskId);

    List<ReplicaStatus> findByTenantIdAndStateNot(Long tenantId, ReplicaState state);

    List<ReplicaStatus> findByTenantIdAndConflictMacNotNull(Long tenantId);

    List<ReplicaStatus> findByStateIn(List<ReplicaState> states);
}

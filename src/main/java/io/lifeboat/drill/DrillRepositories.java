package io.lifeboat.drill;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface DrillRepository extends JpaRepository<Drill, Long> {

    List<Drill> findByTenantIdOrderByStartedAtDesc(Long tenantId);

    List<Drill> findAllByOrderByStartedAtDesc();

    Optional<Drill> findByTaskId(Long taskId);

    Optional<Drill> findByEndTaskId(Long endTaskId);
}

interface DrillVmRepository extends JpaRepository<DrillVm, Long> {

    List<DrillVm> findByDrillIdOrderByVmName(Long drillId);

    /** The replica's part in its latest drill: a retried end of drill finds its drill through it. */
    Optional<DrillVm> findFirstByReplicaIdOrderByIdDesc(Long replicaId);
}

interface DrillVmCheckRepository extends JpaRepository<DrillVmCheck, Long> {

    List<DrillVmCheck> findByDrillVmIdOrderByPosition(Long drillVmId);
}

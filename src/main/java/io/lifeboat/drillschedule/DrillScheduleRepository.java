package io.lifeboat.drillschedule;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface DrillScheduleRepository extends JpaRepository<DrillSchedule, Long> {

    List<DrillSchedule> findByTenantIdOrderById(Long tenantId);

    List<DrillSchedule> findAllByOrderById();

    Optional<DrillSchedule> findByIdAndTenantId(Long id, Long tenantId);
}

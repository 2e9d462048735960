package io.lifeboat.tasks;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface TaskLogRepository extends JpaRepository<TaskLogLine, Long> {

    List<TaskLogLine> findByTaskIdOrderByIdAsc(Long taskId);
}

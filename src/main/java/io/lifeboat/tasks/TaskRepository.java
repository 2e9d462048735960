package io.lifeboat.tasks;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface TaskRepository extends JpaRepository<Task, Long> {

    @Query("""
            select t from Task t
            where (:tenantId is null or t.tenantId = :tenantId)
              and (:type is null or t.type = :type)
              and (:state is null or t.state = :state)
              and (:text is null or lower(t.title) like :text or lower(t.startedBy) like :text)
            order by t.startedAt desc, t.id desc""")
    List<Task> search(Long tenantId, TaskType type, TaskState state, String text, Pageable page);

    @Query("""
            select count(t) from Task t
            where (:tenantId is null or t.tenantId = :tenantId)
              and (:type is null or t.type = :type)
              and (:state is null or t.state = :state)
              and (:text is null or lower(t.title) like :text or lower(t.startedBy) like :text)""")
    long countSearch(Long tenantId, TaskType type, TaskState state, String text);

    @Query("select t.startedAt from Task t where t.type = :type and (:tenantId is null or t.tenantId = :tenantId) and t.startedAt >= :since")
    List<java.time.Instant> startedSince(TaskType type, Long tenantId, java.time.Instant since);

    Optional<Task> findFirstByTypeAndSubjectKeyAndStateOrderByIdDesc(TaskType type, String subjectKey, TaskState state);

    /** Raises progress without the version check: workers of one task report in parallel and progress only grows. */
    @Modifying
    @Query("update Task t set t.progress = :percent where t.id = :id and t.progress < :percent")
    int raiseProgress(long id, int percent);

    /** Sets progress and its line of detail (a transfer's bytes, rate, time left); one worker reports for such a task. */
    @Modifying
    @Query("update Task t set t.progress = :percent, t.progressDetail = :detail where t.id = :id")
    int setProgress(long id, int percent, String detail);

    @Query("select t.state, count(t) from Task t group by t.state")
    List<Object[]> countByState();
}

package io.lifeboat.tasks;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TaskFigureRepository extends JpaRepository<TaskFigure, Long> {

    /** The figures called {@code name} of a tenant (null: every tenant) and subject (null: every subject), oldest first. */
    @Query("""
            select f from TaskFigure f where f.name = :name and (:tenantId is null or f.tenantId = :tenantId)
            and (:subject is null or f.subject = :subject) order by f.at, f.id""")
    List<TaskFigure> find(String name, Long tenantId, String subject);
}

package io.lifeboat.audit;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface AuditEntryRepository extends JpaRepository<AuditEntry, Long> {

    @Query("select e from AuditEntry e where (:tenantId is null or e.tenantId = :tenantId) order by e.seq desc")
    List<AuditEntry> newestFirst(Long tenantId, Pageable page);

    @Query("select count(e) from AuditEntry e where (:tenantId is null or e.tenantId = :tenantId)")
    long countOf(Long tenantId);

    @Query("select e from AuditEntry e where e.seq > :after order by e.seq asc")
    List<AuditEntry> after(long after, Pageable page);

    @Query("select coalesce(max(e.seq), 0) from AuditEntry e")
    long newestSeq();
}

interface AuditHeadRepository extends JpaRepository<AuditHead, Integer> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select h from AuditHead h where h.id = :id")
    Optional<AuditHead> lockById(int id);

    /** The head as committed now, past the entity a transaction read before. */
    @Query("select h.lastSeq from AuditHead h where h.id = :id")
    long lastSeqNow(int id);
}

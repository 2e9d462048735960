package io.lifeboat.network;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface TunnelSampleRepository extends JpaRepository<TunnelSample, Long> {

    /** A tenant's samples taken after {@code since}, oldest first. */
    @Query("select s from TunnelSample s where s.tenantId = :tenantId and s.at > :since order by s.at, s.id")
    List<TunnelSample> since(long tenantId, Instant since);

    @Modifying
    @Transactional
    @Query("delete from TunnelSample s where s.at < :before")
    int deleteOlderThan(Instant before);
}

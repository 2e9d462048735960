package io.lifeboat.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface SiteRepository extends JpaRepository<Site, Long> {

    Optional<Site> findByName(String name);

    List<Site> findByUrl(String url);

    @Query("select count(s) > 0 from Site s where s.id = :id and s.failingSince is not null")
    boolean isFailing(long id);

    @Modifying
    @Query("update Site s set s.contactCheckedAt = :at, s.failingSince = null, s.contactError = null where s.id = :id")
    void recordSuccess(long id, Instant at);

    /** Keeps the first moment of an outage: a site that failed ten syncs in a row has failed since the first. */
    @Modifying
    @Query("update Site s set s.contactCheckedAt = :at, s.failingSince = coalesce(s.failingSince, :at), s.contactError = :error"
            + " where s.id = :id")
    void recordFailure(long id, Instant at, String error);
}

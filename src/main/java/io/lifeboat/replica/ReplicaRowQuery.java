package io.lifeboat.replica;

import io.lifeboat.inventory.Replica;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Pages of replicas joined with their failover state, filtered and sorted in the database (grids load lazily).
 * A replica without a status row has never been failed over: it is READY. Sort keys are a fixed list, so nothing
 * from the browser reaches the query text.
 */
@Component
public class ReplicaRowQuery {

    private static final Map<String, String> SORT_KEYS = Map.of(
            "vmName", "r.vmName",
            "state", "coalesce(s.state, 'READY')",
            "ipAddress", "r.ipAddress",
            "network", "r.networkName",
            "restorePoints", "r.restorePointCount",
            "latestRestorePoint", "r.latestRestorePoint",
            "stateSince", "s.stateSince");

    private final EntityManager entityManager;

    ReplicaRowQuery(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public List<ReplicaRow> page(Long tenantId, ReplicaFilter filter, boolean onlyNotReady, List<ReplicaSort> sorts, int offset, int limit) {
        String order = sorts.stream().filter(sort -> SORT_KEYS.containsKey(sort.property()))
                .map(sort -> SORT_KEYS.get(sort.property()) + (sort.ascending() ? " asc" : " desc"))
                .collect(Collectors.joining(", "));
        String jpql = "select r, s from Replica r left join ReplicaStatus s on s.replicaId = r.id where " + where(tenantId, filter, onlyNotReady)
                + " order by " + (order.isEmpty() ? "" : order + ", ") + "r.vmName asc, r.id asc";
        TypedQuery<Object[]> query = bind(entityManager.createQuery(jpql, Object[].class), tenantId, filter);
        return query.setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                .map(row -> toRow((Replica) row[0], (ReplicaStatus) row[1])).toList();
    }

    public Optional<ReplicaRow> find(long tenantId, long replicaId) {
        return entityManager.createQuery("select r, s from Replica r left join ReplicaStatus s on s.replicaId = r.id"
                        + " where r.id = :id and r.tenantId = :tenantId", Object[].class)
                .setParameter("id", replicaId).setParameter("tenantId", tenantId).getResultList().stream()
                .map(row -> toRow((Replica) row[0], (ReplicaStatus) row[1])).findFirst();
    }

    public int count(Long tenantId, ReplicaFilter filter, boolean onlyNotReady) {
        String jpql = "select count(r) from Replica r left join ReplicaStatus s on s.replicaId = r.id where " + where(tenantId, filter, onlyNotReady);
        return bind(entityManager.createQuery(jpql, Long.class), tenantId, filter).getSingleResult().intValue();
    }

    private static String where(Long tenantId, ReplicaFilter filter, boolean onlyNotReady) {
        StringBuilder where = new StringBuilder("r.present = true");
        if (tenantId != null) {
            where.append(" and r.tenantId = :tenantId");
        }
        if (hasText(filter)) {
            where.append(" and (lower(r.vmName) like :text or r.ipAddress like :text or lower(r.networkName) like :text)");
        }
        if (filter.state() == ReplicaState.READY) {
            where.append(" and (s is null or s.state = :state)");
        } else if (filter.state() != null) {
            where.append(" and s.state = :state");
        }
        if (onlyNotReady) {
            where.append(" and s.state is not null and s.state <> io.lifeboat.replica.ReplicaState.READY");
        }
        return where.toString();
    }

    private static <T> TypedQuery<T> bind(TypedQuery<T> query, Long tenantId, ReplicaFilter filter) {
        if (tenantId != null) {
            query.setParameter("tenantId", tenantId);
        }
        if (hasText(filter)) {
            query.setParameter("text", "%" + filter.text().trim().toLowerCase(Locale.ROOT) + "%");
        }
        if (filter.state() != null) {
            query.setParameter("state", filter.state());
        }
        return query;
    }

    private static boolean hasText(ReplicaFilter filter) {
        return filter.text() != null && !filter.text().isBlank();
    }

    public static ReplicaRow toRow(Replica r, ReplicaStatus s) {
        ReplicaState state = s == null ? ReplicaState.READY : s.getState();
        return new ReplicaRow(r.getId(), r.getTenantId(), r.getVmName(), state, r.getIpAddress(), r.getNetworkName(),
                r.getRestorePointCount(), r.getLatestRestorePoint(), r.getCpus(), r.getMemoryMb(), r.getProductionPowerState(),
                s == null ? null : s.getErrorMessage(), s == null ? null : s.getStateSince(),
                s == null ? null : s.getFailedOverAt(), s == null ? null : s.getStartedBy(),
                s == null ? null : s.getFailedOperation(), s == null ? null : s.getTaskId(), s == null ? null : s.getFailbackTargetName(),
                s == null ? null : s.getConflictMac(), s == null ? null : s.getConflictSince(), s != null && s.isFailoverPowerOnAsked());
    }
}

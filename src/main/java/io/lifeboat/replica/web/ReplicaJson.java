package io.lifeboat.replica.web;

import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.inventory.RestorePointInfo;
import java.time.Instant;
import java.util.List;

/**
 * A replica in the API: {@code id}, {@code name}, {@code state}, {@code ip} and (by id) {@code restorePoints}, newest
 * first, are the names tools rely on. {@code restorePoints} is null in lists; {@code ipConflict} is null unless another
 * machine at the tenant site claims the failed-over replica's IP.
 */
public record ReplicaJson(long id, String name, ReplicaState state, String ip, String network, int restorePointCount, Instant latestRestorePoint,
                   int cpus, int memoryMb, Instant stateSince, String startedBy, String error, Long taskId, IpConflict ipConflict,
                   List<RestorePoint> restorePoints) {

    public record RestorePoint(long id, String name, String description, Instant createdAt) {
    }

    /** The machine that claims the IP too (its MAC) and since when. */
    public record IpConflict(String mac, Instant since) {
    }

    public static ReplicaJson of(ReplicaRow row, List<RestorePointInfo> points) {
        return new ReplicaJson(row.id(), row.vmName(), row.state(), row.ipAddress(), row.network(), row.restorePoints(), row.latestRestorePoint(),
                row.cpus(), row.memoryMb(), row.stateSince(), row.startedBy(), row.errorMessage(), row.taskId(),
                row.inConflict() ? new IpConflict(row.conflictMac(), row.conflictSince()) : null,
                points == null ? null : points.stream().map(p -> new RestorePoint(p.id(), p.name(), p.description(), p.createdAt())).toList());
    }
}

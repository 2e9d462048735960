package io.lifeboat.webhooks;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lifeboat.drill.DrillChanged;
import io.lifeboat.drill.DrillState;
import io.lifeboat.replica.ReplicaState;
import java.util.Arrays;
import java.util.Optional;

/** The events an endpoint can subscribe to, with the names they carry on the wire. */
public enum WebhookEvent {
    FAILOVER_STARTED("failover.started"),
    VM_REACHABLE("vm.reachable"),
    REPLICA_FAILED("replica.failed"),
    FAILOVER_UNDONE("failover.undone"),
    FAILBACK_READY("failback.ready"),
    FAILBACK_COMMITTED("failback.committed"),
    /** Another machine on the tenant LAN claims a failed-over replica's IP (split brain): {@code otherMac} names it. */
    IP_CONFLICT("replica.ip-conflict"),
    /** That machine no longer answers for the IP while the replica stays failed over (leaving failover has its own events). */
    IP_CONFLICT_OVER("replica.ip-conflict-over"),
    TUNNEL_UP("tunnel.up"),
    TUNNEL_DOWN("tunnel.down"),
    DRILL_STARTED("drill.started"),
    DRILL_ENDED("drill.ended"),
    /** A site's vCenter failed its check after working (or at its first check): the provider's alone, like the Sites page. */
    SITE_FAILING("site.failing", true),
    SITE_WORKING("site.working", true);

    private final String wireName;
    private final boolean providerOnly;

    WebhookEvent(String wireName) {
        this(wireName, false);
    }

    WebhookEvent(String wireName, boolean providerOnly) {
        this.wireName = wireName;
        this.providerOnly = providerOnly;
    }

    /** An event about the provider's infrastructure, which a tenant's endpoint may not subscribe to. */
    public boolean providerOnly() {
        return providerOnly;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** For JSON: an unknown name is a client error, with the names that exist. */
    @JsonCreator
    static WebhookEvent fromJson(String name) {
        return byWireName(name).orElseThrow(() -> new IllegalArgumentException("Unknown webhook event " + name + "; use one of "
                + Arrays.stream(values()).map(WebhookEvent::wireName).toList() + "."));
    }

    public static Optional<WebhookEvent> byWireName(String name) {
        return Arrays.stream(values()).filter(e -> e.wireName.equals(name)).findFirst();
    }

    /**
     * The event a drill's change announces, if any: its start only when a VM of it started (a drill whose every VM rolled
     * back is marked running only to be ended at once, and one whose start broke off before any VM ran has nothing up
     * in the bubble), its end once the report is sealed.
     */
    static Optional<WebhookEvent> of(DrillChanged change) {
        return Optional.ofNullable(change.state() == DrillState.RUNNING && change.anyVmStarted() ? DRILL_STARTED
                : change.state() == DrillState.ENDED && change.reportSha256() != null ? DRILL_ENDED : null);
    }

    /** The event a replica's move from {@code from} to {@code to} announces, if any. */
    static Optional<WebhookEvent> of(ReplicaState from, ReplicaState to) {
        return Optional.ofNullable(switch (to) {
            case FAILOVER_STARTING -> FAILOVER_STARTED;
            case FAILED_OVER -> from == ReplicaState.FAILOVER_STARTING ? VM_REACHABLE : null;
            case ERROR -> REPLICA_FAILED;
            case READY -> from == ReplicaState.UNDOING ? FAILOVER_UNDONE : from == ReplicaState.COMMITTING ? FAILBACK_COMMITTED : null;
            case FAILBACK_READY -> FAILBACK_READY;
            default -> null;
        });
    }
}

package io.lifeboat.lab.network;

import io.lifeboat.network.TenantNetworkRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes one of the lab's Cloud Gateway hosts away ({@link LabNetwork#killGateway}: links down, process SIGKILLed, kernel
 * relay gone) while a replica is extended and measures how long control and
 * data take to come back through the other one (ADR 0007). Shared by the suite's test and the benchmark.
 */
final class GatewayFailoverDrill {

    /** Times from the kill: until both NEAs had a new control stream, and until the replica answered a ping again. */
    record Outcome(int killedGateway, Duration controlReconnect, Duration dataPathGap) {
    }

    private final LabNetwork lab;
    private final TenantNetworkRef ref;
    private final String replicaIp;
    private final List<String> applianceIds;
    private final Map<String, Instant> lastConnected = new ConcurrentHashMap<>();

    GatewayFailoverDrill(LabNetwork lab, TenantNetworkRef ref, String replicaIp) {
        this.lab = lab;
        this.ref = ref;
        this.replicaIp = replicaIp;
        this.applianceIds = List.of(ref.tenant() + "/n" + ref.networkId() + "/t", ref.tenant() + "/n" + ref.networkId() + "/p");
        lab.onControlStream(id -> lastConnected.put(id, Instant.now()));
    }

    /** Kills {@code gateway} and waits (up to {@code timeout}) for control and data to return; the gateway stays down. */
    Outcome kill(int gateway, Duration timeout) throws InterruptedException {
        Instant killed = Instant.now();
        lab.killGateway(gateway);
        Instant deadline = killed.plus(timeout);
        Optional<Instant> answered = firstReplyBefore(deadline);
        while (Instant.now().isBefore(deadline) && !applianceIds.stream().allMatch(id -> reconnectedAfter(id, killed))) {
            Thread.sleep(10);
        }
        Duration control = applianceIds.stream().allMatch(id -> reconnectedAfter(id, killed))
                ? applianceIds.stream().map(id -> Duration.between(killed, lastConnected.get(id))).max(Duration::compareTo).orElseThrow()
                : null;
        return new Outcome(gateway, control, answered.map(at -> Duration.between(killed, at)).orElse(null));
    }

    /** ping with a deadline gives up at the first ICMP error (unreachable while the tunnel is down): asked again. */
    private Optional<Instant> firstReplyBefore(Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            Optional<Instant> answered = lab.firstReplyFromTenantLan(ref, replicaIp, Duration.ofSeconds(1));
            if (answered.isPresent()) {
                return answered;
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    private boolean reconnectedAfter(String id, Instant killed) {
        Instant at = lastConnected.get(id);
        return at != null && at.isAfter(killed);
    }
}

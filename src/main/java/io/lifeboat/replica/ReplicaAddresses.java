package io.lifeboat.replica;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.network.ReleasedAddresses;
import io.lifeboat.tenancy.TenancyService;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells the network extension which IPs an NEA still lists although their replica runs at the tenant site again (undone,
 * failed back) or in a drill's isolated network: after a portal restart it takes up what the NEAs report, and must not
 * take those up. A replica in Error, or with an operation under way, keeps its IP: what it needs is not known here.
 */
@Component
class ReplicaAddresses implements ReleasedAddresses {

    private static final Set<ReplicaState> NOT_EXTENDED = EnumSet.of(ReplicaState.READY, ReplicaState.FAILBACK_READY,
            ReplicaState.COMMITTING, ReplicaState.DRILL_STARTING, ReplicaState.IN_DRILL, ReplicaState.DRILL_ENDING);

    private final TenancyService tenancy;
    private final InventoryService inventory;
    private final ReplicaTransitions states;

    ReplicaAddresses(TenancyService tenancy, InventoryService inventory, ReplicaTransitions states) {
        this.tenancy = tenancy;
        this.inventory = inventory;
        this.states = states;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean released(String tenant, long networkId, String ip) {
        return tenancy.findTenantByName(tenant).flatMap(t -> inventory.replicaWithIp(t.id(), networkId, ip))
                .flatMap(vm -> states.find(vm.id())).map(status -> NOT_EXTENDED.contains(status.getState())).orElse(false);
    }
}

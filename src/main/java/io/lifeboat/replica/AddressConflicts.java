package io.lifeboat.replica;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.network.AddressConflictFound;
import io.lifeboat.tasks.TaskRecorder;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Split brain on the replica: a failed-over replica whose IP another machine at the tenant site claims shows the
 * conflict (the first machine seen, since when) until that machine is powered off or the replica leaves failover; the
 * replica's task says so once. The pages get the change at once.
 */
@Service
public class AddressConflicts {

    private final InventoryService inventory;
    private final ReplicaTransitions states;
    private final TaskRecorder tasks;
    private final ApplicationEventPublisher events;

    AddressConflicts(InventoryService inventory, ReplicaTransitions states, TaskRecorder tasks, ApplicationEventPublisher events) {
        this.inventory = inventory;
        this.states = states;
        this.tasks = tasks;
        this.events = events;
    }

    @EventListener
    @Transactional
    public void on(AddressConflictFound found) {
        Optional<ReplicaInfo> replica = inventory.replicaWithIp(found.tenantId(), found.networkId(), found.ip());
        Optional<ReplicaStatus> status = replica.flatMap(r -> states.find(r.id()))
                .filter(s -> s.getState() == ReplicaState.FAILED_OVER && s.getConflictMac() == null);
        if (status.isEmpty()) {
            return;   // not a failed-over replica's IP, or its conflict is known already
        }
        ReplicaInfo vm = replica.get();
        states.record(vm.id(), new ReplicaChange.RecordAddressConflict(found.mac(), found.firstSeen()));
        events.publishEvent(new ReplicaConflictChanged(vm.id(), vm.tenantId(), found.mac()));
        if (status.get().getTaskId() != null) {
            tasks.error(status.get().getTaskId(), vm.vmName(), "IP conflict: another machine (" + found.mac() + ") "
                    + (found.probe() ? "asks for " : "claims ") + found.ip() + " on your LAN while the replica runs at the provider,"
                    + " most likely the original VM powered on again. Power it off, or undo the failover.");
        }
    }

    /** The conflicting machine was dealt with. */
    @Transactional
    public void clear(long replicaId, long tenantId) {
        states.record(replicaId, new ReplicaChange.ClearAddressConflict());
        events.publishEvent(new ReplicaConflictChanged(replicaId, tenantId, null));
    }
}

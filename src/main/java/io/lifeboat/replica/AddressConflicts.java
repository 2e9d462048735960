package io.lifeboat.replica;

import io.lifeboat.inventory.InventoryService;
import io.lifeboat.inventory.ReplicaInfo;
import io.lifeboat.network.AddressClaimsListed;
import io.lifeboat.network.AddressConflictEnded;
import io.lifeboat.network.AddressConflictFound;
import io.lifeboat.tasks.TaskRecorder;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Split brain on the replica: a failed-over replica whose IP another machine at the tenant site claims shows the
 * conflict (the first machine seen, since when) until that machine no longer answers for the IP (powered off, by the
 * tenant through Lifeboat or otherwise, or readdressed) or the replica leaves failover; the replica's task says when
 * it begins and ends. The pages get the change at once.
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
                    + " most likely the original VM, running at your site. Power it off, or undo the failover.");
        }
    }

    /** The machine of the replica's conflict no longer answers for its IP: the conflict is over. */
    @EventListener
    @Transactional
    public void on(AddressConflictEnded ended) {
        inventory.replicaWithIp(ended.tenantId(), ended.networkId(), ended.ip()).ifPresent(vm -> states.find(vm.id())
                .filter(status -> ended.mac().equals(status.getConflictMac())).ifPresent(status -> clear(vm, status)));
    }

    /**
     * The tenant NEA's whole list of the machines claiming the network's failed-over IPs: a conflict with a machine it
     * no longer lists is over, though this node did not see it end (it took the NEA's stream over from another node).
     */
    @EventListener
    @Transactional
    public void on(AddressClaimsListed listed) {
        for (ReplicaStatus status : states.withAddressConflict(listed.tenantId())) {
            inventory.replica(listed.tenantId(), status.getReplicaId())
                    .filter(vm -> Long.valueOf(listed.networkId()).equals(vm.networkId()) && !listed.lists(vm.ipAddress(), status.getConflictMac()))
                    .ifPresent(vm -> clear(vm, status));
        }
    }

    private void clear(ReplicaInfo vm, ReplicaStatus status) {
        String mac = status.getConflictMac();
        states.record(vm.id(), new ReplicaChange.ClearAddressConflict());
        events.publishEvent(new ReplicaConflictChanged(vm.id(), vm.tenantId(), null));
        if (status.getTaskId() != null) {
            tasks.info(status.getTaskId(), vm.vmName(), "IP conflict over: the other machine (" + mac + ") no longer answers for "
                    + vm.ipAddress() + " on your LAN, which is the replica's alone again.");
        }
    }
}

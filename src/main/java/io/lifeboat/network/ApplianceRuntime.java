package io.lifeboat.network;

import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.NeaRole;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Port: boots and removes NEAs. Lab: a JVM per NEA in its own network namespace ({@code lab.LabNetwork}), reached
 * over the gRPC stream it opens to the Cloud Gateway over mutual TLS (ADR 0005, 0006,
 * {@code gateway.ApplianceControlServer#client}). Production (not built yet): the NEA VMs that {@code ApplianceVms}
 * already clones, configures and powers on and off through the {@code vsphere} port, reached the same way.
 *
 * <p>All methods are idempotent; none returns null.
 */
public interface ApplianceRuntime {

    /** Where the NEA of {@code role} sits for {@code ref}; stable for the lifetime of the network. */
    NeaPlacement placement(TenantNetworkRef ref, NeaRole role);

    /**
     * Boots the NEA if it is not running and returns a client once its control channel answers.
     *
     * @throws NetworkExtensionException when it does not answer within {@code timeout} (message says why)
     * @throws DataPlaneUnavailableException when this runtime cannot run here at all
     */
    ApplianceClient start(TenantNetworkRef ref, NeaRole role, Duration timeout);

    boolean isRunning(TenantNetworkRef ref, NeaRole role);

    /** Stops the NEA and removes everything created for it (processes, interfaces, namespace or VM). */
    void stop(TenantNetworkRef ref, NeaRole role);

    /**
     * Why this runtime cannot boot NEAs here now, for users and logs (the lab's needs root and starts with the lab);
     * null when it can. While it is not null the portal does not extend networks and says so.
     */
    default String unavailableReason() {
        return null;
    }

    /**
     * Calls {@code listener} with the network id and role of an NEA each time it opens its control channel, the first
     * time and again after it reconnected (its gateway died and it dialled another, or either side restarted), on a
     * thread of the runtime, so the portal can send it its desired state again. The default never calls it (a runtime
     * whose NEAs never reconnect).
     */
    default void onApplianceConnected(BiConsumer<Long, NeaRole> listener) {
    }
}

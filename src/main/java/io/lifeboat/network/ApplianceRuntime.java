package io.lifeboat.network;

import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.ControlRpc;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.gateway.ApplianceControlServer;
import io.lifeboat.gateway.ApplianceNics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Port: reaches and stops NEAs. The NEAs are VMs that {@code ApplianceVms} clones, configures (guestinfo) and powers
 * on and off through the Hypervisor port before {@link #start} and after {@link #stop}; each VM's agent dials the Cloud
 * Gateway over mutual TLS and is reached over the gRPC stream it opens (ADR 0005, 0006,
 * {@code gateway.ApplianceControlServer#client}). Lab ({@code lab.LabNetwork}): a powered-on NEA VM in a simulator is a
 * namespace running the agent with that VM's guestinfo. Production ({@link PortalApplianceRuntime}, ADR 0008): the same,
 * with the control server in the portal behind the packaged gateways.
 *
 * <p>All methods are idempotent; none returns null.
 */
public interface ApplianceRuntime {

    /** Where the NEA of {@code role} sits for {@code ref}; stable for the lifetime of the network. */
    NeaPlacement placement(TenantNetworkRef ref, NeaRole role);

    /**
     * Returns a client once the NEA's control channel answers; its VM must have been powered on (the lab's runtime only
     * waits for the appliance to connect).
     *
     * @throws NetworkExtensionException when it does not answer within {@code timeout} (message says why)
     * @throws DataPlaneUnavailableException when this runtime cannot run here at all
     */
    ApplianceClient start(TenantNetworkRef ref, NeaRole role, Duration timeout);

    boolean isRunning(TenantNetworkRef ref, NeaRole role);

    /**
     * Whether the NEA runs and its agent answers now: for who acts on a running NEA instead of starting its VM. A stream
     * can stay open after its VM was powered off elsewhere, so {@link #isRunning} alone may name an NEA that is gone.
     */
    default boolean answers(TenantNetworkRef ref, NeaRole role) {
        return isRunning(ref, role);
    }

    /**
     * The ids ({@link TenantNetworkRef#applianceId}) of the appliances whose control stream is open on this node now; a
     * cluster shares them through {@link ApplianceConnections}.
     */
    Set<String> connectedApplianceIds();

    /**
     * A second process presenting an appliance's certificate (a copied NEA VM or disk), refused on this node while the
     * appliance holding the stream answers; {@code lastRefused}: its last dial.
     */
    record RefusedCopy(String applianceId, String heldFrom, String refusedFrom, Instant lastRefused) {

        /** The NEAs' copies that {@code server} refuses, not the gateway hosts'. */
        public static List<RefusedCopy> refusedBy(ApplianceControlServer server) {
            return server.sharedIdentities().stream().filter(c -> !ControlRpc.isGatewayHost(c.id()))
                    .map(c -> new RefusedCopy(c.id(), c.heldFrom(), c.refusedFrom(), c.lastRefused())).toList();
        }
    }

    /**
     * The control server of a node that may be one of several (outside the lab): {@link ApplianceConnections} tells it
     * which streams the other nodes hold, so a copy relayed to another node is refused too. The lab is one node.
     */
    default Optional<ApplianceControlServer> clusteredControlServer() {
        return Optional.empty();
    }

    /**
     * The control server that the NEAs dial in this process (the lab's, also once it starts later; the portal's own)
     * refuses a process that dials from behind another NIC than its VM's, as {@code nics} knows them ({@link NeaVmNics}).
     */
    default void checkNics(ApplianceNics nics) {
    }

    /** The NEAs' copies refused on this node now; a cluster shares them through {@link ApplianceConnections}. */
    default List<RefusedCopy> refusedCopies() {
        return List.of();
    }

    /** Stops the NEA's appliance (routes, tunnel, process); powering its VM off is {@code ApplianceVms}'s. */
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

    /**
     * Calls {@code listener} with an NEA's appliance id ({@link TenantNetworkRef#applianceId}) and when the control
     * certificate it opened its stream with expires, each time it opens one (a renewed certificate reconnects), on a
     * thread of the runtime: the provider is shown it (ADR 0014). The default never calls it.
     */
    default void onNeaCertificate(BiConsumer<String, Instant> listener) {
    }
}

package io.lifeboat.network;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where tenant networks can be extended: the {@link NetworkExtension} bean, when this installation has an appliance
 * runtime (the lab's namespaces; in production NEA VMs) and that runtime can run here now. When not, the portal still
 * fails VMs over and says clearly that their networks are not extended, and why.
 */
@Component
class DataPlane {

    static final String NO_RUNTIME = "No network extension runtime is configured on this portal, so failed-over VMs keep"
            + " their IPs but are not reachable from the tenant's LAN. Production NEAs (VMs through vSphere) are not built yet.";

    private final Optional<NetworkExtension> extension;

    DataPlane(Optional<NetworkExtension> extension) {
        this.extension = extension;
    }

    /** The network extension, or empty when networks cannot be extended here (see {@link #unavailableReason()}). */
    Optional<NetworkExtension> extension() {
        return extension.filter(available -> available.unavailableReason() == null);
    }

    /** Why {@link #extension()} is empty, for users and logs; null when it is present. */
    String unavailableReason() {
        return extension.isPresent() ? extension.get().unavailableReason() : NO_RUNTIME; // not map(): null means available
    }
}

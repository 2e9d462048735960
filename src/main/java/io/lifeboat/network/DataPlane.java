package io.lifeboat.network;

import java.util.Optional;

/**
 * Where tenant networks can be extended: the lab (namespaces on this machine) or, in production, NEA VMs. When there
 * is none, the portal still fails VMs over and says clearly that their networks are not extended, and why.
 */
public interface DataPlane {

    /** The network extension, or empty when this installation has no data plane. */
    Optional<NetworkExtension> extension();

    /** Why {@link #extension()} is empty, for users and logs; null when it is present. */
    String unavailableReason();
}

package io.lifeboat.network;

/**
 * What the replicas say of an IP an NEA reports it extends when this node had not known it (after a portal restart):
 * an NEA's saved state may list an IP whose VM was undone or failed back meanwhile, and extended again, it would answer
 * for the VM that runs at the tenant site. Implemented by the room that keeps the replicas' states.
 */
@FunctionalInterface
public interface ReleasedAddresses {

    /** None is known to be released: every IP an NEA reports is taken up (tests, and a portal without replicas). */
    ReleasedAddresses NONE = (tenant, networkId, ip) -> false;

    /** Whether the replica with {@code ip} on tenant {@code tenant}'s network {@code networkId} is known to run at the tenant site now. */
    boolean released(String tenant, long networkId, String ip);
}

package io.lifeboat.network;

import java.util.Set;

/**
 * The whole list a network's tenant NEA holds of the machines that claim its failed-over IPs, read after the NEA has been
 * watched on this node longer than it remembers a machine that went silent. A replica's conflict with a machine not
 * listed here is over, even if no node saw it end: the NEA's stream moved to another node, or a node restarted.
 */
public record AddressClaimsListed(long tenantId, long networkId, Set<Claimant> claimants) {

    /** A machine ({@code mac}) that answers for {@code ip}. */
    public record Claimant(String ip, String mac) {
    }

    public boolean lists(String ip, String mac) {
        return claimants.contains(new Claimant(ip, mac));
    }
}

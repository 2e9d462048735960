package io.lifeboat.network;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Port, optional: whether a failed-over IP answers from the tenant's LAN, which needs a host there. The lab pings
 * from its client namespace; a portal without one reports no time-to-reachable (the task log says the IP did not
 * answer yet).
 */
public interface ReachabilityCheck {

    /**
     * Pings {@code ip} from a host on {@code ref}'s tenant LAN until the first answer; returns when it came, or empty
     * after {@code timeout}.
     *
     * @throws NetworkExtensionException when the check cannot run at all
     */
    Optional<Instant> firstReplyFromTenantLan(TenantNetworkRef ref, String ip, Duration timeout);

    /**
     * As {@link #firstReplyFromTenantLan}, but only a reply from the tenant LAN itself counts (TTL 64, not routed
     * through the tunnel): the VM runs at the tenant site again and hosts there reach it.
     *
     * @throws NetworkExtensionException when the check cannot run at all
     */
    Optional<Instant> firstLocalReplyFromTenantLan(TenantNetworkRef ref, String ip, Duration timeout);
}

package io.lifeboat.network;

import java.time.Duration;

/** What extending one VM's IP gave: the tunnel's state and how long until the IP answered from the tenant LAN (null: not within the wait). */
public record ExtensionOutcome(TunnelStatus tunnel, Duration timeToReachable) {
}

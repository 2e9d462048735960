package io.lifeboat.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A probe placed in a tenant's isolated drill network, which runs the checks of a drill's VMs from inside the bubble.
 * Implemented where such a probe exists (the lab: a namespace host on the drill segment); without one, drills run and
 * their report says that no check ran.
 */
public interface BubbleProbe {

    /**
     * Pings {@code ip} from inside {@code tenant}'s bubble until it answers or {@code timeout} passes.
     *
     * @return the time of the first answer; empty when none came within the timeout
     * @throws IllegalStateException when the probe cannot run now ({@link #unavailableReason()} says why)
     */
    Optional<Instant> firstPing(String tenant, String ip, Duration timeout);

    /**
     * Opens a TCP connection to {@code ip:port} from inside {@code tenant}'s bubble, again and again, until one is
     * accepted or {@code timeout} passes; the connection is closed at once.
     *
     * @return the time the first connection was accepted; empty when none was within the timeout
     * @throws IllegalStateException when the probe cannot run now ({@link #unavailableReason()} says why)
     */
    Optional<Instant> firstTcpConnect(String tenant, String ip, int port, Duration timeout);

    /** Why the probe cannot run checks now; null when it can. */
    String unavailableReason();
}

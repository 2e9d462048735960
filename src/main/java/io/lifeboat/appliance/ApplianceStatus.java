package io.lifeboat.appliance;

import java.util.List;

/**
 * What an NEA reports. {@code rttMs} is null until the first ping across the tunnel answered;
 * {@code upSinceEpochMs} is null while the tunnel is down; {@code tunnelListening} is true once a server end has
 * bound its UDP socket (OpenVPN's {@code link local (bound)}). {@code conflicts}: other stations claiming a
 * failed-over IP on the tenant LAN ({@link ArpConflict}, the split-brain watchdog); never null, empty from an older
 * appliance that does not report them.
 */
public record ApplianceStatus(NeaRole role, boolean tunnelUp, Double rttMs, long bytesIn, long bytesOut,
                              int restarts, Long upSinceEpochMs, List<String> failedOver,
                              long arpAnswered, long arpIgnored, long arpMalformed, String lastError,
                              boolean tunnelListening, List<ArpConflict> conflicts) {

    public ApplianceStatus {
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }
}

package io.lifeboat.appliance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Port: the portal's side of one NEA's control channel. Appliances answer over the gRPC stream they opened to the
 * Cloud Gateway ({@code gateway.ApplianceControlServer#client}, ADR 0005), in the lab as anywhere. A call may reach a
 * restarted appliance, so implementations keep no session. None returns null.
 *
 * @see ControlProtocol for what each call means on the wire
 */
public interface ApplianceClient {

    /**
     * Makes {@code desired} the appliance's whole configuration (idempotent) and returns its status after applying it.
     *
     * @throws ControlProtocol.RefusedException when the appliance refuses the configuration (message says why)
     * @throws IOException when the appliance does not answer
     */
    ApplianceStatus apply(DesiredState desired) throws IOException;

    /** @throws IOException when the appliance does not answer */
    ApplianceStatus status() throws IOException;

    /** RFC 5227 ARP probe of {@code ip} on the appliance's LAN, waiting {@code windowMs} for an answer. */
    ProbeResult probe(String ip, long windowMs) throws IOException;

    /**
     * RFC 5227 ARP probes of {@code ips} on the appliance's LAN: one result per address, in the order given. An
     * implementation that can probes them all in one window of {@code windowMs}; this default probes one address
     * after another, a window each (for an appliance, or a test's fake, that only knows {@link #probe(String, long)}).
     *
     * @throws IOException when the appliance does not answer, or refuses (then no result is returned at all)
     */
    default List<ProbeResult> probe(List<String> ips, long windowMs) throws IOException {
        List<ProbeResult> results = new ArrayList<>(ips.size());
        for (String ip : ips) {
            results.add(probe(ip, windowMs));
        }
        return results;
    }

    /** Sends gratuitous ARP for {@code ip} at the appliance's own MAC. */
    void announce(String ip) throws IOException;

    /**
     * Sends gratuitous ARP for {@code ip} at {@code mac} on the appliance's LAN, on behalf of that station (the
     * original VM when a failed-over IP is released), so every LAN host's cache points at it again at once. The
     * frames' Ethernet source is the appliance's own MAC. Call it after the {@link #apply} that drops {@code ip}
     * from the failed-over IPs: while the appliance still proxies {@code ip} it would answer the next request itself.
     *
     * @param mac {@code aa:bb:cc:dd:ee:ff}, a unicast address; null means the appliance's own MAC, as {@link #announce(String)}
     * @throws ControlProtocol.RefusedException when {@code ip} or {@code mac} is not valid (message says which)
     * @throws IOException when the appliance does not answer
     */
    void announce(String ip, String mac) throws IOException;

    /** Asks the appliance to remove its routes, stop the tunnel and exit. */
    void shutdown() throws IOException;
}

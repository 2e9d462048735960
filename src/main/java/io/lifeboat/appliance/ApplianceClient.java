package io.lifeboat.appliance;

import java.io.IOException;

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

    /** Sends a gratuitous ARP for {@code ip}. */
    void announce(String ip) throws IOException;

    /** Asks the appliance to remove its routes, stop the tunnel and exit. */
    void shutdown() throws IOException;
}

package io.lifeboat.network;

import io.lifeboat.appliance.ArpMode;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the network extension runs ({@code lifeboat.network.*}), the same whichever appliance runtime it drives.
 *
 * @param tunnelUpTimeout       how long extending a network waits for its tunnel
 * @param tunedTunnel           OpenVPN socket buffers, txqueuelen and fast-io (off only to compare)
 * @param arpMode               how the NEAs answer ARP ({@code PCAP}: Lifeboat's proxy; {@code KERNEL}: Linux proxy-ARP)
 * @param tunnelCredentialsDir  where each network's tunnel keys are kept, sealed under the master key
 */
@ConfigurationProperties("lifeboat.network")
record NetworkExtensionProperties(@DefaultValue("60s") Duration tunnelUpTimeout, @DefaultValue("true") boolean tunedTunnel,
                                  @DefaultValue("PCAP") ArpMode arpMode, @DefaultValue("./data/lab/run/pki") Path tunnelCredentialsDir) {

    NetworkExtension.Options options() {
        return new NetworkExtension.Options(tunnelUpTimeout, tunedTunnel, arpMode);
    }
}

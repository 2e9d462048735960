package io.lifeboat.appliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.PcapDirection;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;

/**
 * The live side of proxy-ARP: the only class touching pcap4j. Receives the ARP frames other stations send (BPF
 * {@code arp}, inbound only, immediate mode, so a reply does not wait for the buffer timeout): requests for the
 * responder, and requests, replies and announcements for the conflict watch. Sends raw frames. Open in both
 * {@link ArpMode}s, so announcements and the watch work with kernel proxy-ARP as well.
 */
final class PcapArpPort implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PcapArpPort.class.getName());
    /** All ARP: the watch needs replies and gratuitous frames too; the responder ignores what is not a request. */
    static final String ARP_FILTER = "arp";

    private final String iface;
    private final MacAddress mac;
    private final PcapHandle receive;
    private final PcapHandle send;
    private volatile boolean closed;

    PcapArpPort(String iface) throws PcapNativeException, NotOpenException, IOException {
        this.iface = iface;
        this.mac = MacAddress.parse(Files.readString(Path.of("/sys/class/net", iface, "address")));
        this.receive = open(iface, ARP_FILTER);
        receive.setDirection(PcapDirection.IN);
        this.send = open(iface, null);
    }

    private static PcapHandle open(String iface, String filter) throws PcapNativeException, NotOpenException {
        PcapHandle h = new PcapHandle.Builder(iface).snaplen(128).promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
                .immediateMode(true).timeoutMillis(100).build();
        if (filter != null) {
            h.setFilter(filter, BpfCompileMode.OPTIMIZE);
        }
        return h;
    }

    MacAddress mac() {
        return mac;
    }

    /**
     * Answers requests and shows every frame to {@code watch} (after the reply: that is the latency-bound part) until
     * {@link #close()}; malformed frames never end the loop.
     */
    void serve(ArpResponder responder, ConflictWatch watch) {
        while (!closed) {
            try {
                byte[] frame = receive.getNextRawPacket();
                if (frame == null) {
                    continue;
                }
                Optional<byte[]> reply = responder.handle(frame);
                if (reply.isPresent()) {
                    send(reply.get());
                }
                watch.observe(frame);
            } catch (NotOpenException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ARP loop survived an error", e);
            }
        }
    }

    synchronized void send(byte[] frame) {
        if (closed) {
            return;
        }
        try {
            send.sendPacket(frame);
        } catch (NotOpenException | PcapNativeException e) {
            LOG.warning("cannot send ARP frame on " + iface + ": " + e.getMessage());
        }
    }

    /**
     * RFC 5227 style probes of {@code ips}, all in one listening {@code window} ({@link ArpProbeWindow}: three rounds
     * 100 ms apart, each probing every address not claimed yet; done early once all are claimed). One result per
     * address, in the order given.
     */
    List<ProbeResult> probe(List<Integer> ips, Duration window) throws PcapNativeException, NotOpenException {
        ArpProbeWindow probes = new ArpProbeWindow(ips, mac, window, System.nanoTime());
        try (PcapHandle h = open(iface, ARP_FILTER)) {
            h.setDirection(PcapDirection.IN);
            // in immediate mode libpcap ignores the read timeout: poll instead of blocking past the window
            h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            while (!probes.done(System.nanoTime())) {
                for (byte[] probe : probes.due(System.nanoTime())) {
                    send(probe);
                }
                byte[] frame = h.getNextRawPacket();
                if (frame == null) {
                    LockSupport.parkNanos(500_000);
                } else {
                    probes.observe(frame, System.nanoTime());
                }
            }
        }
        return probes.results(System.nanoTime());
    }

    /**
     * Stops sending. The receive handle is left to the process exit: in immediate mode libpcap blocks in poll()
     * without a timeout, and closing the handle would wait for that read forever.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            send.close();
        }
    }
}

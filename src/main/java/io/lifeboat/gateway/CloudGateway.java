package io.lifeboat.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The provider's Cloud Gateway: relays each tenant's tunnel (UDP) between the tenant NEA, wherever it is (behind
 * NAT; the last source address seen is the way back), and that tenant's provider NEA. It authenticates nothing it
 * cannot verify: TLS inside is end to end between the NEAs; the relay only drops datagrams that cannot be OpenVPN
 * (empty or an unknown opcode) and counts bytes and packets per tenant.
 *
 * <p>The upstream socket is bound to a fixed address per flow, so after a gateway restart the provider NEA sees the
 * same peer and the tunnel carries on after at most a few lost packets (OpenVPN's {@code float} covers the rest).
 * Plain Java, no Spring: runs in the portal or as {@code lifeboat.jar cloud-gateway} ({@link GatewayMain}), where the
 * {@link KernelRelay} takes its place when the process may program nftables (ADR 0009).
 */
public final class CloudGateway implements GatewayRelay {

    private static final Logger LOG = Logger.getLogger(CloudGateway.class.getName());
    private static final int BUFFER = 4 * 1024 * 1024;

    /** One tenant's relay: tenant NEAs send to {@code listen}; the relay talks to {@code upstream} from {@code upstreamBind}. */
    public record FlowSpec(String tenant, InetSocketAddress listen, InetSocketAddress upstream, InetSocketAddress upstreamBind) {
    }

    /** "in" = tenant → provider. */
    public record FlowCounters(String tenant, long packetsIn, long bytesIn, long packetsOut, long bytesOut, long dropped) {
    }

    private final Map<String, Flow> flows = new ConcurrentHashMap<>();

    @Override
    public synchronized void open(FlowSpec spec) throws IOException {
        Flow existing = flows.get(spec.tenant());
        if (existing != null) {
            if (existing.spec.equals(spec)) {
                return;
            }
            close(spec.tenant());
        }
        flows.put(spec.tenant(), new Flow(spec));
        LOG.info("relay open for " + spec.tenant() + ": " + spec.listen() + " -> " + spec.upstream());
    }

    @Override
    public synchronized void close(String tenant) {
        Flow f = flows.remove(tenant);
        if (f != null) {
            f.close();
        }
    }

    @Override
    public List<FlowSpec> flows() {
        return flows.values().stream().map(f -> f.spec).toList();
    }

    @Override
    public List<FlowCounters> counters() {
        List<FlowCounters> out = new ArrayList<>();
        flows.values().forEach(f -> out.add(f.counters()));
        return out;
    }

    @Override
    public synchronized void close() {
        new ArrayList<>(flows.keySet()).forEach(this::close);
    }

    /** OpenVPN's first byte is opcode (high 5 bits) + key id; opcodes 1..11 exist in 2.6. */
    static boolean plausibleOpenVpn(ByteBuffer datagram) {
        if (datagram.remaining() < 1) {
            return false;
        }
        int opcode = (datagram.get(datagram.position()) & 0xff) >>> 3;
        return opcode >= 1 && opcode <= 11;
    }

    private static final class Flow {
        final FlowSpec spec;
        final DatagramChannel front;
        final DatagramChannel back;
        volatile SocketAddress tenantPeer;
        final AtomicLong packetsIn = new AtomicLong();
        final AtomicLong bytesIn = new AtomicLong();
        final AtomicLong packetsOut = new AtomicLong();
        final AtomicLong bytesOut = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();

        Flow(FlowSpec spec) throws IOException {
            this.spec = spec;
            front = bind(spec.listen());
            back = connectedBack(spec, front);
            start("relay-in-" + spec.tenant(), this::pumpIn);
            start("relay-out-" + spec.tenant(), this::pumpOut);
        }

        /** The upstream side; on failure both channels are closed (the portal re-sends a flow every heartbeat). */
        private static DatagramChannel connectedBack(FlowSpec spec, DatagramChannel front) throws IOException {
            try {
                DatagramChannel back = bind(spec.upstreamBind());
                try {
                    back.connect(spec.upstream());
                    return back;
                } catch (IOException | RuntimeException e) {
                    back.close();
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                front.close();
                throw e;
            }
        }

        private static DatagramChannel bind(InetSocketAddress addr) throws IOException {
            DatagramChannel ch = DatagramChannel.open();
            try {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                ch.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER);
                ch.bind(addr);
                return ch;
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        private static void start(String name, Runnable r) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        }

        private void pumpIn() {
            ByteBuffer buf = ByteBuffer.allocateDirect(65536);
            while (front.isOpen()) {
                try {
                    buf.clear();
                    SocketAddress from = front.receive(buf);
                    buf.flip();
                    if (!plausibleOpenVpn(buf)) {
                        dropped.incrementAndGet();
                        continue;
                    }
                    tenantPeer = from;
                    int n = buf.remaining();
                    back.write(buf);
                    packetsIn.incrementAndGet();
                    bytesIn.addAndGet(n);
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    dropped.incrementAndGet();   // e.g. ICMP port unreachable while the provider NEA restarts
                }
            }
        }

        private void pumpOut() {
            ByteBuffer buf = ByteBuffer.allocateDirect(65536);
            while (back.isOpen()) {
                try {
                    buf.clear();
                    back.read(buf);      // connected: no sender address to build per packet
                    buf.flip();
                    SocketAddress to = tenantPeer;
                    if (to == null) {
                        dropped.incrementAndGet();
                        continue;
                    }
                    int n = buf.remaining();
                    front.send(buf, to);
                    packetsOut.incrementAndGet();
                    bytesOut.addAndGet(n);
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    dropped.incrementAndGet();
                }
            }
        }

        FlowCounters counters() {
            return new FlowCounters(spec.tenant(), packetsIn.get(), bytesIn.get(), packetsOut.get(), bytesOut.get(), dropped.get());
        }

        void close() {
            try {
                front.close();
            } catch (IOException ignored) {
                // closing
            }
            try {
                back.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}

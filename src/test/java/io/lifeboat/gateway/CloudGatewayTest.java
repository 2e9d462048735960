package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Over loopback only: a fake "tenant NEA" and "provider NEA" exchange datagrams through the relay. */
class CloudGatewayTest {

    private static final byte P_DATA_V2 = (byte) (9 << 3);

    @Test
    void relays_both_ways_counts_per_tenant_and_drops_what_cannot_be_openvpn() throws Exception {
        try (DatagramChannel provider = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             DatagramChannel tenant = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             CloudGateway gw = new CloudGateway()) {
            InetSocketAddress listen = freePort();
            InetSocketAddress bind = freePort();
            gw.open(new CloudGateway.FlowSpec("acme", listen, (InetSocketAddress) provider.getLocalAddress(), bind));

            tenant.send(ByteBuffer.wrap(new byte[] {0x00, 1, 2}), listen);            // opcode 0: dropped
            tenant.send(ByteBuffer.wrap(new byte[] {P_DATA_V2, 1, 2, 3}), listen);
            ByteBuffer got = ByteBuffer.allocate(100);
            SocketAddress from = receive(provider, got);
            assertThat(got.flip().remaining()).isEqualTo(4);
            assertThat(from).isEqualTo(bind);                                      // fixed source survives restarts

            provider.send(ByteBuffer.wrap(new byte[] {P_DATA_V2, 9}), from);
            ByteBuffer back = ByteBuffer.allocate(100);
            assertThat(receive(tenant, back)).isEqualTo(listen);
            assertThat(back.flip().remaining()).isEqualTo(2);

            CloudGateway.FlowCounters c = gw.counters().get(0);
            assertThat(c.tenant()).isEqualTo("acme");
            assertThat(c.packetsIn()).isEqualTo(1);
            assertThat(c.bytesIn()).isEqualTo(4);
            assertThat(c.packetsOut()).isEqualTo(1);
            assertThat(c.dropped()).isEqualTo(1);
        }
    }

    /**
     * A flow the host cannot open (its relay address is not the host's) neither keeps the flows after it from being
     * relayed nor costs a socket each time the portal sends the set again (every heartbeat, ADR 0013).
     */
    @Test
    void a_flow_that_cannot_be_opened_leaves_the_others_relayed_and_leaks_no_socket() throws Exception {
        try (DatagramChannel provider = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             CloudGateway gw = new CloudGateway()) {
            CloudGateway.FlowSpec unbindable = new CloudGateway.FlowSpec("acme", new InetSocketAddress("192.0.2.1", 1194),
                    (InetSocketAddress) provider.getLocalAddress(), freePort());
            CloudGateway.FlowSpec globex = new CloudGateway.FlowSpec("globex", freePort(), (InetSocketAddress) provider.getLocalAddress(),
                    freePort());
            List<CloudGateway.FlowSpec> set = List.of(unbindable, globex);

            assertThatThrownBy(() -> gw.relayExactly(set)).isInstanceOf(IOException.class);
            assertThat(gw.flows()).containsExactly(globex);
            long descriptors = openDescriptors();
            for (int heartbeat = 0; heartbeat < 20; heartbeat++) {
                assertThatThrownBy(() -> gw.relayExactly(set)).isInstanceOf(IOException.class);
            }
            assertThat(openDescriptors()).as("no socket left behind by the failed opens").isLessThan(descriptors + 5);
        }
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static SocketAddress receive(DatagramChannel ch, ByteBuffer buf) throws Exception {
        ch.configureBlocking(false);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            SocketAddress a = ch.receive(buf);
            if (a != null) {
                return a;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("nothing received");
    }

    private static InetSocketAddress freePort() throws Exception {
        try (DatagramChannel probe = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            return (InetSocketAddress) probe.getLocalAddress();
        }
    }
}

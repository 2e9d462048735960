package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
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

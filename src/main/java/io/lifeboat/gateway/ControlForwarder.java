package io.lifeboat.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Relays TCP connections that appliances open to the gateway's control port, byte for byte, to where the
 * {@link ApplianceControlServer} listens: the portal's control port over TCP (a real installation, ADR 0008), or a Unix
 * domain socket (the lab's portal: the one thing both the gateway's namespace and the portal's can reach, ADR 0006). It
 * never looks into the bytes: TLS ends at the server, so this sees ciphertext only, and it opens no connection towards
 * an appliance.
 */
final class ControlForwarder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControlForwarder.class.getName());

    private final ServerSocketChannel listener;
    private final SocketAddress target;

    private ControlForwarder(ServerSocketChannel listener, SocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** {@code target}: {@code host:port} of the portal's control server, or the path of its Unix socket. */
    static ControlForwarder start(InetSocketAddress listen, String target) throws IOException {
        return start(listen, target.startsWith("/") || !target.contains(":")
                ? UnixDomainSocketAddress.of(Path.of(target)) : GatewayMain.address(target));
    }

    static ControlForwarder start(InetSocketAddress listen, SocketAddress target) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.socket().setReuseAddress(true);
        channel.bind(listen);
        ControlForwarder forwarder = new ControlForwarder(channel, target);
        daemon("control-forward-accept", forwarder::acceptLoop).start();
        LOG.info("forwarding appliance control connections from " + GatewayMain.text(listen) + " to " + target);
        return forwarder;
    }

    /** The port it listens on (the one bound when asked for port 0). */
    int port() {
        return listener.socket().getLocalPort();
    }

    /** Per forwarder, so a thread dump tells whose connection a thread relays. */
    String relayThreadName() {
        return "control-forward-" + port();
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            try {
                SocketChannel appliance = listener.accept();
                daemon(relayThreadName(), () -> relay(appliance)).start();
            } catch (IOException e) {
                if (listener.isOpen()) {
                    LOG.warning("accepting an appliance control connection failed: " + e.getMessage());
                }
            }
        }
    }

    private void relay(SocketChannel appliance) {
        try (appliance; SocketChannel server = SocketChannel.open(target instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET)) {
            server.connect(target);
            // the server closed (a handshake it refused, a stream it ended): nothing more can reach it, so the appliance's
            // side is closed too; left open, a client that never closes held this thread and two sockets for good
            Thread back = daemon(relayThreadName() + "-back", () -> {
                pump(server, appliance);
                closeQuietly(appliance);
            });
            back.start();
            pump(appliance, server);
            back.join();
        } catch (IOException e) {
            LOG.warning("appliance control connection from " + remote(appliance) + " not relayed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until {@code from} ends, then half-closes {@code to} so the other direction can finish. */
    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);   // a reset on one side ends both
        }
    }

    private static String remote(SocketChannel c) {
        try {
            return String.valueOf(c.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}

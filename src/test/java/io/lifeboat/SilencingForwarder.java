package io.lifeboat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP forwarder on loopback to a local port that can go silent, as the path to an NEA whose VM went off unseen: from
 * then on nothing is delivered either way and nothing is closed, so neither end hears a FIN. It can also silence only
 * the connections open now, as a NAT or firewall that dropped them while new ones get through.
 */
public final class SilencingForwarder implements AutoCloseable {

    private final ServerSocket listening;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean silent;
    /** Per connection: whether its pumps still deliver. */
    private final List<AtomicBoolean> delivering = new CopyOnWriteArrayList<>();

    public SilencingForwarder(int target) throws IOException {
        this.target = target;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("forwarder-accept", this::accept);
    }

    public int port() {
        return listening.getLocalPort();
    }

    /** Nothing is delivered any more, not even a close. */
    public void goSilent() {
        silent = true;
        silenceOpenConnections();
    }

    /** The connections open now deliver nothing any more, not even a close; new ones are forwarded. */
    public void silenceOpenConnections() {
        delivering.forEach(connection -> connection.set(false));
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                sockets.add(client);
                if (silent) {
                    continue;   // reaches nothing, as every connection on a dead path
                }
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
                sockets.add(server);
                AtomicBoolean connection = new AtomicBoolean(true);
                delivering.add(connection);
                connection.compareAndSet(true, !silent);   // gone silent since this connection was accepted
                pump(client, server, connection);
                pump(server, client, connection);
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean connection) {
        daemon("forwarder-pump", () -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (connection.get()) {
                        out.write(buffer, 0, n);
                    }
                }
                endOf(to, connection);
            } catch (IOException e) {
                endOf(to, connection);
            }
        });
    }

    private static void endOf(Socket to, AtomicBoolean connection) {
        if (!connection.get()) {
            return;   // the other end hears nothing of it
        }
        try {
            to.close();
        } catch (IOException ignored) {
            // already closed by its own pump
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listening.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}

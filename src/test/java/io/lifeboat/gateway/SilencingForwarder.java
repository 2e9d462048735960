package io.lifeboat.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on loopback to a local port that can go silent, as the path to an NEA whose VM went off unseen: from
 * then on nothing is delivered either way and nothing is closed, so neither end hears a FIN.
 */
final class SilencingForwarder implements AutoCloseable {

    private final ServerSocket listening;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean silent;

    SilencingForwarder(int target) throws IOException {
        this.target = target;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("forwarder-accept", this::accept);
    }

    int port() {
        return listening.getLocalPort();
    }

    /** Nothing is delivered any more, not even a close. */
    void goSilent() {
        silent = true;
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
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        daemon("forwarder-pump", () -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (!silent) {
                        out.write(buffer, 0, n);
                    }
                }
                endOf(to);
            } catch (IOException e) {
                endOf(to);
            }
        });
    }

    private void endOf(Socket to) {
        if (silent) {
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

package io.lifeboat.appliance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Unix domain socket server speaking one line in, one line out; one thread per connection, connections are short.
 * The transport of {@link ControlProtocol}, which adds the JSON envelope.
 */
final class LineServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LineServer.class.getName());

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    LineServer(Path path, UnaryOperator<String> handler) throws IOException {
        this.path = path;
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.deleteIfExists(path);   // a stale socket from a crashed run
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        acceptor = new Thread(() -> acceptLoop(handler), "control-" + path.getFileName());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop(UnaryOperator<String> handler) {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread t = new Thread(() -> serve(ch, handler), "control-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(Level.WARNING, "control accept failed", e);
                }
            }
        }
    }

    private static void serve(SocketChannel ch, UnaryOperator<String> handler) {
        try (ch; BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
             OutputStream out = Channels.newOutputStream(ch)) {
            String line;
            while ((line = in.readLine()) != null) {
                String reply = handler.apply(line);
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            LOG.fine("control connection ended: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }

    /** One request, one response line over a fresh connection (the peer may have restarted in between). */
    static String call(Path path, String requestLine) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path));
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
             OutputStream out = Channels.newOutputStream(ch)) {
            out.write((requestLine + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = in.readLine();
            if (reply == null) {
                throw new IOException("no answer on " + path);
            }
            return reply;
        }
    }
}

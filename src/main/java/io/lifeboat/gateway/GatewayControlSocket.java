package io.lifeboat.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.appliance.ControlProtocol;
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
 * The Cloud Gateway process's own control socket (the portal opens and closes relay flows there): a Unix domain
 * socket speaking one {@link ControlProtocol} JSON request per line, one reply line each; one thread per connection,
 * connections are short. Appliances have no such socket: they are reached over the stream they dial (ADR 0005, 0006).
 */
public final class GatewayControlSocket implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GatewayControlSocket.class.getName());

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private GatewayControlSocket(Path path, UnaryOperator<String> handler) throws IOException {
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

    /** Serves {@code handler} on a Unix domain socket at {@code socket} until the returned server is closed. */
    static GatewayControlSocket serve(Path socket, ControlProtocol.Handler handler) throws IOException {
        return new GatewayControlSocket(socket, line -> answer(line, handler));
    }

    private static String answer(String line, ControlProtocol.Handler handler) {
        try {
            return ControlProtocol.answer(ControlProtocol.JSON.readTree(line), handler).toString();
        } catch (IOException e) {
            return ControlProtocol.JSON.createObjectNode().put("ok", false).put("error", "unreadable request: " + e.getMessage()).toString();
        }
    }

    /**
     * Sends one request over a fresh connection (the gateway may have restarted in between) and returns the reply.
     *
     * @throws ControlProtocol.RefusedException when the gateway answered with an error
     * @throws IOException when the gateway does not answer (not running, restarting)
     */
    public static JsonNode call(Path socket, ObjectNode request) throws IOException {
        return ControlProtocol.checked(ControlProtocol.JSON.readTree(callLine(socket, request.toString())));
    }

    private static String callLine(Path path, String requestLine) throws IOException {
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

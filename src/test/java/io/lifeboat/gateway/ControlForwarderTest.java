package io.lifeboat.gateway;

import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's public control port: a connection whose server end closed (a handshake the portal refused) is let go
 * on the client's side too. A client that never closed held a thread and two sockets each, for good.
 */
class ControlForwarderTest {

    @Test
    void connections_the_server_ended_hold_no_thread_however_long_their_clients_keep_them_open() throws Exception {
        try (ServerSocket refusing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                while (!refusing.isClosed()) {
                    try {
                        refusing.accept().close();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            closer.setDaemon(true);
            closer.start();
            List<Socket> idleClients = new ArrayList<>();
            try (ControlForwarder forwarder = ControlForwarder.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), refusing.getLocalPort()))) {
                for (int i = 0; i < 20; i++) {
                    idleClients.add(new Socket(InetAddress.getLoopbackAddress(), forwarder.port()));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> relayThreads(forwarder.relayThreadName()) == 0);
            } finally {
                for (Socket client : idleClients) {
                    client.close();
                }
            }
        }
    }

    private static long relayThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(name)).count();
    }
}

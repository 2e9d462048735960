package io.lifeboat.lab;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The services of a simulated VM in the lab: accepts TCP connections on the given ports and closes each at once, which
 * is all a port check needs. Runs inside the VM host's namespace ({@code ip netns exec}) and ends with it.
 */
public final class PortListenerMain {

    private PortListenerMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        List<Thread> acceptors = new ArrayList<>();
        for (String arg : args) {
            ServerSocket server = new ServerSocket(Integer.parseInt(arg));
            Thread acceptor = new Thread(() -> acceptForever(server), "port-" + arg);
            acceptor.start();
            acceptors.add(acceptor);
        }
        System.out.println("READY listening on " + String.join(", ", args));
        for (Thread acceptor : acceptors) {
            acceptor.join();
        }
    }

    private static void acceptForever(ServerSocket server) {
        while (true) {
            try (Socket ignored = server.accept()) {
                // accepted is answered: the check only needs the handshake
            } catch (IOException e) {
                System.err.println("port " + server.getLocalPort() + ": " + e.getMessage());
                return;
            }
        }
    }
}

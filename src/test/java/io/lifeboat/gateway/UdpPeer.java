package io.lifeboat.gateway;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A UDP end for the kernel relay's namespace test, run as its own JVM inside a namespace (the test JVM cannot open
 * sockets there): {@code echo <ip> <port>} answers every datagram with itself and prints {@code got <source> <length>};
 * {@code client <ip> <port>} reads hex payloads from standard input, sends each and prints {@code reply <length>} or
 * {@code none} (nothing within 1.5 s).
 */
public final class UdpPeer {

    private UdpPeer() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress peer = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        if (args[0].equals("echo")) {
            echo(peer);
        } else {
            client(peer);
        }
    }

    private static void echo(InetSocketAddress bind) throws Exception {
        try (DatagramChannel ch = DatagramChannel.open().bind(bind)) {
            System.out.println("READY");
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (true) {
                buf.clear();
                var from = ch.receive(buf);
                buf.flip();
                System.out.println("got " + ((InetSocketAddress) from).getAddress().getHostAddress() + " " + buf.remaining());
                ch.send(buf, from);
            }
        }
    }

    private static void client(InetSocketAddress to) throws Exception {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(to);
            ch.socket().setSoTimeout(1500);
            System.out.println("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            byte[] reply = new byte[65536];
            while ((line = in.readLine()) != null) {
                ch.write(ByteBuffer.wrap(HexFormat.of().parseHex(line.trim())));
                try {
                    java.net.DatagramPacket p = new java.net.DatagramPacket(reply, reply.length);
                    ch.socket().receive(p);
                    System.out.println("reply " + p.getLength());
                } catch (SocketTimeoutException e) {
                    System.out.println("none");
                } catch (java.net.PortUnreachableException e) {
                    System.out.println("none");
                }
            }
        }
    }
}

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
 * {@code none} (nothing within 1.5 s). For {@link RelayScaleBench}: {@code blast <ip> <port> <seconds>} sends 1,200-byte
 * OpenVPN data datagrams as fast as it can and prints {@code sent <n>}; {@code sink <ip> <port>} counts what arrives
 * and prints {@code received <n>} once nothing came for 1.5 s.
 */
public final class UdpPeer {

    private UdpPeer() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress peer = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        switch (args[0]) {
            case "echo" -> echo(peer);
            case "blast" -> blast(peer, Double.parseDouble(args[3]));
            case "sink" -> sink(peer);
            default -> client(peer);
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

    private static void blast(InetSocketAddress to, double seconds) throws Exception {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(to);
            ByteBuffer datagram = ByteBuffer.allocate(1200);
            datagram.put(0, (byte) 0x48);   // P_DATA_V2, key 0: what the relay's screen lets through
            long sent = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                for (int i = 0; i < 100; i++) {
                    datagram.rewind();
                    try {
                        ch.write(datagram);
                        sent++;
                    } catch (java.net.PortUnreachableException ignored) {
                        // an ICMP error from an earlier datagram: keep sending
                    }
                }
            }
            System.out.println("sent " + sent);
        }
    }

    private static void sink(InetSocketAddress bind) throws Exception {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(bind)) {
            socket.setReceiveBufferSize(4 << 20);
            System.out.println("READY");
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[2048], 2048);
            long received = 0;
            socket.receive(p);   // waits for the first
            received++;
            socket.setSoTimeout(1500);
            try {
                while (true) {
                    socket.receive(p);
                    received++;
                }
            } catch (SocketTimeoutException idle) {
                System.out.println("received " + received);
            }
        }
    }
}

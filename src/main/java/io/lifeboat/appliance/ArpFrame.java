package io.lifeboat.appliance;

import java.util.List;
import java.util.Optional;

/**
 * An Ethernet II ARP frame for IPv4 over Ethernet, parsed from and built into raw bytes. Pure functions: the
 * live capture hands bytes in and sends bytes out, so everything here is tested on fixtures without root.
 *
 * @param op 1 = request, 2 = reply
 */
public record ArpFrame(MacAddress ethDestination, MacAddress ethSource, int op,
                       MacAddress senderMac, int senderIp, MacAddress targetMac, int targetIp) {

    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_VLAN = 0x8100;
    /** 14 bytes Ethernet + 28 bytes ARP; frames on the wire are padded to 60. */
    static final int MIN_LENGTH = 42;
    static final int WIRE_LENGTH = 60;

    /** An RFC 5227 probe: sender IP 0.0.0.0. */
    public boolean isProbe() {
        return senderIp == 0;
    }

    /** Gratuitous ARP (announcement): sender IP equals target IP. */
    public boolean isGratuitous() {
        return senderIp == targetIp;
    }

    /**
     * Parses an Ethernet frame (optionally one 802.1Q tag). Returns empty for anything that is not a well-formed
     * IPv4-over-Ethernet ARP request or reply; never throws on any input.
     */
    public static Optional<ArpFrame> parse(byte[] frame) {
        if (frame == null || frame.length < MIN_LENGTH) {
            return Optional.empty();
        }
        int off = 12;
        int type = u16(frame, off);
        if (type == ETHERTYPE_VLAN) {
            off += 4;
            if (frame.length < MIN_LENGTH + 4) {
                return Optional.empty();
            }
            type = u16(frame, off);
        }
        if (type != ETHERTYPE_ARP) {
            return Optional.empty();
        }
        int arp = off + 2;
        // htype Ethernet, ptype IPv4, hlen 6, plen 4
        if (u16(frame, arp) != 1 || u16(frame, arp + 2) != 0x0800 || frame[arp + 4] != 6 || frame[arp + 5] != 4) {
            return Optional.empty();
        }
        int op = u16(frame, arp + 6);
        if (op != REQUEST && op != REPLY) {
            return Optional.empty();
        }
        return Optional.of(new ArpFrame(MacAddress.read(frame, 0), MacAddress.read(frame, 6), op,
                MacAddress.read(frame, arp + 8), Ipv4.read(frame, arp + 14),
                MacAddress.read(frame, arp + 18), Ipv4.read(frame, arp + 24)));
    }

    /** Builds the 60-byte wire frame (untagged). */
    public byte[] toBytes() {
        byte[] b = new byte[WIRE_LENGTH];
        ethDestination.writeTo(b, 0);
        ethSource.writeTo(b, 6);
        b[12] = 0x08;
        b[13] = 0x06;
        b[15] = 1;          // htype Ethernet
        b[16] = 0x08;       // ptype IPv4
        b[18] = 6;
        b[19] = 4;
        b[21] = (byte) op;
        senderMac.writeTo(b, 22);
        Ipv4.write(b, 28, senderIp);
        targetMac.writeTo(b, 32);
        Ipv4.write(b, 38, targetIp);
        return b;
    }

    /** Our reply to {@code request}: "{@code request.targetIp} is at {@code ownMac}", unicast to the asker. */
    public static ArpFrame replyTo(ArpFrame request, MacAddress ownMac) {
        return new ArpFrame(request.senderMac, ownMac, REPLY, ownMac, request.targetIp, request.senderMac, request.senderIp);
    }

    /** Gratuitous ARP request announcing {@code ip} at {@code ownMac} (broadcast), so stale caches flip at once. */
    public static ArpFrame gratuitous(MacAddress ownMac, int ip) {
        return new ArpFrame(MacAddress.BROADCAST, ownMac, REQUEST, ownMac, ip, MacAddress.ZERO, ip);
    }

    /**
     * Gratuitous ARP saying "{@code ip} is at {@code owner}", sent by the station {@code ethSource}: a broadcast
     * request (RFC 5227 announcement) and a broadcast reply (target MAC = sender MAC, the form Linux also treats as
     * gratuitous), as some stacks honour only one of them. The Ethernet source stays the sender's own, so a
     * switch does not learn {@code owner} on the sender's port when it speaks for another station.
     */
    public static List<ArpFrame> announcement(MacAddress ethSource, MacAddress owner, int ip) {
        return List.of(new ArpFrame(MacAddress.BROADCAST, ethSource, REQUEST, owner, ip, MacAddress.ZERO, ip),
                new ArpFrame(MacAddress.BROADCAST, ethSource, REPLY, owner, ip, owner, ip));
    }

    /** RFC 5227 ARP probe for {@code ip}: sender IP 0.0.0.0, target MAC zero, broadcast. */
    public static ArpFrame probe(MacAddress ownMac, int ip) {
        return new ArpFrame(MacAddress.BROADCAST, ownMac, REQUEST, ownMac, 0, MacAddress.ZERO, ip);
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    @Override
    public String toString() {
        return (op == REQUEST ? "who-has " + Ipv4.format(targetIp) + " tell " + Ipv4.format(senderIp)
                : Ipv4.format(senderIp) + " is-at " + senderMac) + " (from " + ethSource + ")";
    }
}

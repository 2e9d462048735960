package io.lifeboat.appliance;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;

/**
 * Test harness: prints every ARP frame seen on {@code <iface>} as one line {@code <capture time, epoch µs> <hex>}
 * (tcpdump is not installed here).
 */
public final class ArpTap {

    private ArpTap() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);   // stdout carries only the frames (pcap4j logs to System.out)
        try (PcapHandle h = new PcapHandle.Builder(args[0]).snaplen(128).promiscuousMode(PromiscuousMode.PROMISCUOUS)
                .immediateMode(true).timeoutMillis(100).build()) {
            h.setFilter("arp", BpfCompileMode.OPTIMIZE);
            out.println("READY");
            while (true) {
                byte[] frame = h.getNextRawPacket();
                if (frame != null) {
                    java.time.Instant at = h.getTimestamp().toInstant();
                    out.println(at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000 + " " + HexFormat.of().formatHex(frame));
                }
            }
        }
    }
}

package io.lifeboat.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the frames of a classic little-endian .pcap fixture (what tcpdump/pcap4j dumpers write). */
final class PcapFixture {

    private PcapFixture() {
    }

    static List<byte[]> frames(String resource) throws IOException {
        byte[] all;
        try (InputStream in = PcapFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing fixture " + resource);
            }
            all = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xa1b2c3d4) {
            throw new IOException("not a little-endian pcap file: " + resource);
        }
        List<byte[]> frames = new ArrayList<>();
        int off = 24;
        while (off + 16 <= all.length) {
            int captured = b.getInt(off + 8);
            frames.add(Arrays.copyOfRange(all, off + 16, off + 16 + captured));
            off += 16 + captured;
        }
        return frames;
    }
}

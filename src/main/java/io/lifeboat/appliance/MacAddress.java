package io.lifeboat.appliance;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A 48-bit Ethernet address (immutable copy of the bytes). */
public final class MacAddress {

    public static final MacAddress BROADCAST = new MacAddress(new byte[] {-1, -1, -1, -1, -1, -1});
    public static final MacAddress ZERO = new MacAddress(new byte[6]);

    private static final Pattern TEXT = Pattern.compile("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}|\\p{XDigit}{2}(-\\p{XDigit}{2}){5}");

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MacAddress of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + bytes.length);
        }
        return new MacAddress(bytes.clone());
    }

    static MacAddress read(byte[] frame, int off) {
        return new MacAddress(Arrays.copyOfRange(frame, off, off + 6));
    }

    /** Parses {@code 02:00:00:00:00:01} (six pairs of hex digits, colons or dashes); anything else is refused. */
    public static MacAddress parse(String text) {
        if (text == null || !TEXT.matcher(text.trim()).matches()) {
            throw new IllegalArgumentException("not a MAC address (aa:bb:cc:dd:ee:ff): " + text);
        }
        return new MacAddress(HexFormat.of().parseHex(text.trim().replace(":", "").replace("-", "")));
    }

    /** A station's own address: not all zero, not a group (multicast or broadcast) address. */
    public boolean isUnicast() {
        return (bytes[0] & 1) == 0 && !equals(ZERO);
    }

    void writeTo(byte[] frame, int off) {
        System.arraycopy(bytes, 0, frame, off, 6);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}

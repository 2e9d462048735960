package io.lifeboat.appliance;

/** IPv4 addresses as {@code int} (network order packed into a Java int): the ARP path stays allocation free. */
public final class Ipv4 {

    private Ipv4() {
    }

    /** Parses dotted quad; throws {@link IllegalArgumentException} on anything else. */
    public static int parse(String dotted) {
        String[] parts = dotted.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String format(int ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    static int read(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static void write(byte[] b, int off, int ip) {
        b[off] = (byte) (ip >>> 24);
        b[off + 1] = (byte) (ip >>> 16);
        b[off + 2] = (byte) (ip >>> 8);
        b[off + 3] = (byte) ip;
    }
}

package io.lifeboat.network;

/** An IPv4 subnet in CIDR form, e.g. {@code 192.168.60.0/24}. */
public record Ipv4Subnet(int network, int prefixLength) {

    public static Ipv4Subnet parse(String cidr) {
        String[] parts = cidr.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("Not a CIDR subnet: " + cidr);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("Bad prefix length in " + cidr);
        }
        return new Ipv4Subnet(toInt(parts[0]) & mask(prefix), prefix);
    }

    public boolean contains(String ipAddress) {
        if (ipAddress == null || ipAddress.isBlank()) {
            return false;
        }
        try {
            return (toInt(ipAddress) & mask(prefixLength)) == network;
        } catch (IllegalArgumentException notIpv4) {
            return false;
        }
    }

    static int toInt(String dotted) {
        String[] octets = dotted.trim().split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("Not an IPv4 address: " + dotted);
        }
        int value = 0;
        for (String octet : octets) {
            int part = Integer.parseInt(octet);
            if (part < 0 || part > 255) {
                throw new IllegalArgumentException("Not an IPv4 address: " + dotted);
            }
            value = (value << 8) | part;
        }
        return value;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }
}

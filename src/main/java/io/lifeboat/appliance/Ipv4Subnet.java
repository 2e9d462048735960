package io.lifeboat.appliance;

/** An IPv4 prefix such as {@code 192.168.60.0/24}; host bits of the given address are cleared. */
public record Ipv4Subnet(int network, int prefixLength) {

    public Ipv4Subnet {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
        network = network & mask(prefixLength);
    }

    public static Ipv4Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR prefix: " + cidr);
        }
        return new Ipv4Subnet(Ipv4.parse(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1).trim()));
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public boolean contains(int ip) {
        return (ip & mask(prefixLength)) == network;
    }

    public int broadcast() {
        return network | ~mask(prefixLength);
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefixLength;
    }
}

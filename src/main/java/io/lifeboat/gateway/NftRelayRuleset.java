package io.lifeboat.gateway;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The nftables batch that makes a gateway host's kernel relay exactly {@code flows} (ADR 0009), in its own table
 * {@value #TABLE}: per flow, datagrams to {@code listen} that cannot be OpenVPN are dropped and counted, the rest is
 * DNATed to {@code upstream} and SNATed to {@code upstreamBind}'s address; conntrack carries the replies back to the
 * tenant NEA's source. Forwarding is dropped unless it belongs to a flow, so the host forwards nothing else.
 *
 * <p>The batch is applied whole by {@code nft -f -} (atomic): chains are flushed and filled again, named counters of
 * flows that stay are kept (their counts survive any change to other flows), those of closed flows deleted. Only
 * checked IPv4 literals and tenant names from {@link #TENANT} go into the text: nothing else from a request.
 */
final class NftRelayRuleset {

    static final String TABLE = "lifeboat_relay";
    /** Tenant (flow) names the kernel relay accepts: they become part of counter names. */
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,47}");
    /** IPv4 header without options + UDP header: what nft counts beyond the datagram's payload. */
    static final int HEADER_BYTES = 28;
    private static final String IN = "in_";
    private static final String OUT = "out_";
    private static final String DROP = "drop_";
    private static final List<String> CHAINS = List.of(
            "screen { type filter hook prerouting priority mangle; policy accept; }",
            "to_upstream { type nat hook prerouting priority dstnat; policy accept; }",
            "from_bind { type nat hook postrouting priority srcnat; policy accept; }",
            "forward { type filter hook forward priority filter; policy drop; }");

    private NftRelayRuleset() {
    }

    /** Counter names of one flow, each way and its drops. */
    record Counters(String in, String out, String drop) {
        static Counters of(String tenant) {
            return new Counters(IN + tenant, OUT + tenant, DROP + tenant);
        }
    }

    /** The tenant a counter of this table counts for, or null for a name this class did not make. */
    static String tenantOf(String counterName) {
        for (String p : List.of(IN, OUT, DROP)) {
            if (counterName.startsWith(p) && TENANT.matcher(counterName.substring(p.length())).matches()) {
                return counterName.substring(p.length());
            }
        }
        return null;
    }

    /**
     * @param flows           what the table must relay (each already {@link #check checked})
     * @param existingCounters the table's counter names now (empty when it does not exist)
     */
    static String batch(Collection<CloudGateway.FlowSpec> flows, Set<String> existingCounters) {
        StringBuilder b = new StringBuilder("add table ip " + TABLE + "\n");
        for (String chain : CHAINS) {
            b.append("add chain ip ").append(TABLE).append(' ').append(chain).append('\n');
        }
        for (String chain : CHAINS) {
            b.append("flush chain ip ").append(TABLE).append(' ').append(chain, 0, chain.indexOf(' ')).append('\n');
        }
        Set<String> wanted = new java.util.HashSet<>();
        for (CloudGateway.FlowSpec f : flows) {
            check(f);
            Counters c = Counters.of(f.tenant());
            wanted.addAll(List.of(c.in(), c.out(), c.drop()));
            for (String name : List.of(c.in(), c.out(), c.drop())) {
                b.append("add counter ip ").append(TABLE).append(' ').append(name).append('\n');
            }
            String listen = "ip daddr " + ip(f.listen()) + " udp dport " + f.listen().getPort();
            String flow = "meta l4proto udp ct original ip daddr " + ip(f.listen()) + " ct original proto-dst " + f.listen().getPort();
            String upstream = "ct reply ip saddr " + ip(f.upstream()) + " ct reply proto-src " + f.upstream().getPort();
            rule(b, "screen", listen + " udp length 8 counter name \"" + c.drop() + "\" drop");              // empty
            rule(b, "screen", listen + " @th,64,5 != 1-11 counter name \"" + c.drop() + "\" drop");          // opcode
            rule(b, "to_upstream", listen + " dnat to " + ip(f.upstream()) + ":" + f.upstream().getPort());
            // address only: a fixed port would clash with a stale conntrack entry when the tenant's source changes
            rule(b, "from_bind", flow + " snat to " + ip(f.upstreamBind()));
            rule(b, "forward", flow + " " + upstream + " ct direction original counter name \"" + c.in() + "\" accept");
            rule(b, "forward", flow + " " + upstream + " ct direction reply counter name \"" + c.out() + "\" accept");
        }
        for (String name : existingCounters) {
            if (!wanted.contains(name) && tenantOf(name) != null) {
                b.append("delete counter ip ").append(TABLE).append(' ').append(name).append('\n');
            }
        }
        return b.toString();
    }

    private static void rule(StringBuilder b, String chain, String rule) {
        b.append("add rule ip ").append(TABLE).append(' ').append(chain).append(' ').append(rule).append('\n');
    }

    /**
     * Refuses what must not reach a ruleset: a tenant name outside {@link #TENANT}, an address that is not a resolved
     * IPv4 address (the relay is IPv4 only, as the lab and the NEAs are), a wildcard or a port outside 1..65535.
     */
    static void check(CloudGateway.FlowSpec f) {
        if (f.tenant() == null || !TENANT.matcher(f.tenant()).matches()) {
            throw new IllegalArgumentException("the kernel relay cannot name a flow '" + f.tenant() + "': letters, digits, _ and - only");
        }
        checkAddress("listen", f.listen());
        checkAddress("upstream", f.upstream());
        checkAddress("upstreamBind", f.upstreamBind());
    }

    private static void checkAddress(String what, InetSocketAddress a) {
        if (a == null || a.isUnresolved() || !(a.getAddress() instanceof Inet4Address) || a.getAddress().isAnyLocalAddress()
                || a.getPort() < 1 || a.getPort() > 65535) {
            throw new IllegalArgumentException("the kernel relay needs a specific IPv4 address and port as " + what + ", not " + a);
        }
    }

    private static String ip(InetSocketAddress a) {
        return a.getAddress().getHostAddress();   // an Inet4Address's dotted quad, never a host name
    }
}

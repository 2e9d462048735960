package io.lifeboat.gateway;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The nftables batch that makes a gateway host's kernel relay exactly {@code flows} (ADR 0009), in its own table
 * {@value #TABLE}: per flow, datagrams to {@code listen} that cannot be OpenVPN are dropped and counted, the rest is
 * DNATed to {@code upstream} and SNATed to {@code upstreamBind}'s address; conntrack carries the replies back to the
 * tenant NEA's source. Forwarding is dropped unless it belongs to a flow, so the host forwards nothing else.
 *
 * <p>A datagram finds its flow in one lookup, however many flows the host relays: the per-packet chains ({@code screen},
 * {@code forward}) hold one verdict map each, from the flow's listen address and port to that flow's own chain
 * ({@code screen_<tenant>}, {@code flow_<tenant>}) with its checks and counters. (One rule per flow in those chains made
 * every datagram walk the rules of the flows before its own: with 500 flows the host relayed a tenth of the datagrams.)
 * The NAT chains keep a rule per flow: conntrack consults them once per connection, not per datagram.
 *
 * <p>The batch is applied whole by {@code nft -f -} (atomic): chains are flushed and filled again, named counters of
 * flows that stay are kept (their counts survive any change to other flows), those of closed flows deleted with their
 * chains. Only checked IPv4 literals and tenant names from {@link #TENANT} go into the text: nothing else from a request.
 */
final class NftRelayRuleset {

    static final String TABLE = "lifeboat_relay";
    /** Tenant (flow) names the kernel relay accepts: they become part of counter and chain names. */
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,47}");
    /** IPv4 header without options + UDP header: what nft counts beyond the datagram's payload. */
    static final int HEADER_BYTES = 28;
    private static final String IN = "in_";
    private static final String OUT = "out_";
    private static final String DROP = "drop_";
    private static final String SCREEN = "screen_";
    private static final String FLOW = "flow_";
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
        return tenantOf(counterName, List.of(IN, OUT, DROP));
    }

    /** The tenant a chain of this table serves alone, or null for a chain every flow goes through (or a foreign one). */
    static String tenantOfChain(String chainName) {
        return tenantOf(chainName, List.of(SCREEN, FLOW));
    }

    private static String tenantOf(String name, List<String> prefixes) {
        for (String p : prefixes) {
            if (name.startsWith(p) && TENANT.matcher(name.substring(p.length())).matches()) {
                return name.substring(p.length());
            }
        }
        return null;
    }

    /**
     * @param flows            what the table must relay (each {@link #check checked} here again)
     * @param existingCounters the table's counter names now (empty when it does not exist)
     * @param existingChains   the table's chain names now (empty when it does not exist)
     */
    static String batch(Collection<CloudGateway.FlowSpec> flows, Set<String> existingCounters, Set<String> existingChains) {
        flows.forEach(NftRelayRuleset::check);
        StringBuilder b = new StringBuilder("add table ip " + TABLE + "\n");
        Set<String> chains = new LinkedHashSet<>();
        for (String chain : CHAINS) {
            b.append("add chain ip ").append(TABLE).append(' ').append(chain).append('\n');
            chains.add(chain.substring(0, chain.indexOf(' ')));
        }
        for (CloudGateway.FlowSpec f : flows) {
            for (String chain : List.of(SCREEN + f.tenant(), FLOW + f.tenant())) {
                b.append("add chain ip ").append(TABLE).append(' ').append(chain).append('\n');
                chains.add(chain);
            }
        }
        chains.forEach(chain -> b.append("flush chain ip ").append(TABLE).append(' ').append(chain).append('\n'));
        flows.forEach(f -> flowRules(b, f));
        if (!flows.isEmpty()) {
            String screens = flows.stream().map(f -> listen(f) + " : jump " + SCREEN + f.tenant()).collect(Collectors.joining(", "));
            String forwards = flows.stream().map(f -> listen(f) + " : jump " + FLOW + f.tenant()).collect(Collectors.joining(", "));
            rule(b, "screen", "ip daddr . udp dport vmap { " + screens + " }");
            rule(b, "forward", "meta l4proto udp ct original ip daddr . ct original proto-dst vmap { " + forwards + " }");
        }
        for (String chain : existingChains) {   // after the flushes above: nothing jumps to them any more
            if (!chains.contains(chain) && tenantOfChain(chain) != null) {
                b.append("delete chain ip ").append(TABLE).append(' ').append(chain).append('\n');
            }
        }
        Set<String> counters = new HashSet<>();
        flows.stream().map(f -> Counters.of(f.tenant())).forEach(c -> counters.addAll(List.of(c.in(), c.out(), c.drop())));
        for (String name : existingCounters) {
            if (!counters.contains(name) && tenantOf(name) != null) {
                b.append("delete counter ip ").append(TABLE).append(' ').append(name).append('\n');
            }
        }
        return b.toString();
    }

    /** One flow's counters, its own chains' rules and its NAT rules. */
    private static void flowRules(StringBuilder b, CloudGateway.FlowSpec f) {
        Counters c = Counters.of(f.tenant());
        for (String name : List.of(c.in(), c.out(), c.drop())) {
            b.append("add counter ip ").append(TABLE).append(' ').append(name).append('\n');
        }
        rule(b, SCREEN + f.tenant(), "udp length 8 counter name \"" + c.drop() + "\" drop");              // empty
        rule(b, SCREEN + f.tenant(), "@th,64,5 != 1-11 counter name \"" + c.drop() + "\" drop");          // opcode
        rule(b, "to_upstream", "ip daddr " + ip(f.listen()) + " udp dport " + f.listen().getPort()
                + " dnat to " + ip(f.upstream()) + ":" + f.upstream().getPort());
        // address only: a fixed port would clash with a stale conntrack entry when the tenant's source changes
        rule(b, "from_bind", "meta l4proto udp ct original ip daddr " + ip(f.listen()) + " ct original proto-dst "
                + f.listen().getPort() + " snat to " + ip(f.upstreamBind()));
        String upstream = "meta l4proto udp ct reply ip saddr " + ip(f.upstream()) + " ct reply proto-src " + f.upstream().getPort();
        rule(b, FLOW + f.tenant(), upstream + " ct direction original counter name \"" + c.in() + "\" accept");
        rule(b, FLOW + f.tenant(), upstream + " ct direction reply counter name \"" + c.out() + "\" accept");
    }

    /** The flow's listen address and port as a key of the verdict maps. */
    private static String listen(CloudGateway.FlowSpec f) {
        return ip(f.listen()) + " . " + f.listen().getPort();
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

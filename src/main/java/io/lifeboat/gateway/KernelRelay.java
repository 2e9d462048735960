package io.lifeboat.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.appliance.Commands;
import io.lifeboat.appliance.ControlProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The Cloud Gateway's relay in the kernel (ADR 0009): the same flows as {@link CloudGateway}, programmed as one
 * nftables table ({@link NftRelayRuleset}) in the gateway host's namespace, so a relayed datagram never reaches user
 * space and the counters are the kernel's. The table outlives this object and its process: a gateway process that dies
 * leaves the data path flowing, and a new one {@link #adopt adopts} the table from its flow file. Forwarding is
 * switched on in that namespace once the table (which drops any other forwarding) is in place.
 */
public final class KernelRelay implements GatewayRelay {

    private static final Logger LOG = Logger.getLogger(KernelRelay.class.getName());

    private final KernelCommands kernel;
    private final Map<String, CloudGateway.FlowSpec> flows = new LinkedHashMap<>();

    public KernelRelay(KernelCommands kernel) {
        this.kernel = kernel;
    }

    /** Why this process cannot program the kernel relay (no nft, no CAP_NET_ADMIN), or empty when it can. */
    public static Optional<String> unavailableReason(KernelCommands kernel) {
        if (!kernel.hasNft()) {
            return Optional.of("nft is not installed (apt-get install nftables)");
        }
        Commands.Result r = kernel.tryNft("list", "tables");
        return r.ok() ? Optional.empty()
                : Optional.of("nft cannot read the ruleset (needs CAP_NET_ADMIN): " + r.output().trim());
    }

    /**
     * Makes the kernel relay exactly {@code specs} in one atomic change: what the table already relays for them keeps
     * flowing and keeps its counts (a restarted process adopting its own table changes nothing), anything else goes.
     */
    public synchronized void adopt(List<CloudGateway.FlowSpec> specs) throws IOException {
        Map<String, CloudGateway.FlowSpec> wanted = new LinkedHashMap<>();
        for (CloudGateway.FlowSpec s : specs) {
            NftRelayRuleset.check(s);
            wanted.put(s.tenant(), s);
        }
        apply(wanted);
        flows.clear();
        flows.putAll(wanted);
    }

    /**
     * As {@link #adopt}, but the same set again (the portal re-sends it at every heartbeat, ADR 0013) spawns no nft:
     * the table this process made already holds it.
     */
    @Override
    public synchronized void relayExactly(List<CloudGateway.FlowSpec> specs) throws IOException {
        if (specs.size() == flows.size() && specs.stream().allMatch(s -> s.equals(flows.get(s.tenant())))) {
            return;
        }
        adopt(specs);
    }

    @Override
    public synchronized void open(CloudGateway.FlowSpec spec) throws IOException {
        NftRelayRuleset.check(spec);
        if (spec.equals(flows.get(spec.tenant()))) {
            return;
        }
        for (CloudGateway.FlowSpec other : flows.values()) {
            if (!other.tenant().equals(spec.tenant()) && other.listen().equals(spec.listen())) {
                throw new IllegalArgumentException(spec.listen() + " already relays " + other.tenant());
            }
        }
        Map<String, CloudGateway.FlowSpec> wanted = new LinkedHashMap<>(flows);
        wanted.put(spec.tenant(), spec);
        apply(wanted);
        flows.put(spec.tenant(), spec);
        LOG.info("kernel relay open for " + spec.tenant() + ": " + spec.listen() + " -> " + spec.upstream());
    }

    @Override
    public synchronized void close(String tenant) throws IOException {
        if (!flows.containsKey(tenant)) {
            return;
        }
        Map<String, CloudGateway.FlowSpec> wanted = new LinkedHashMap<>(flows);
        wanted.remove(tenant);
        apply(wanted);
        flows.remove(tenant);
    }

    @Override
    public synchronized List<CloudGateway.FlowSpec> flows() {
        return List.copyOf(flows.values());
    }

    /** From the table's named counters; bytes are UDP payload (nft counts the IPv4 and UDP headers too). */
    @Override
    public synchronized List<CloudGateway.FlowCounters> counters() throws IOException {
        Map<String, long[]> byName = readCounters();
        List<CloudGateway.FlowCounters> out = new ArrayList<>();
        for (String tenant : flows.keySet()) {
            NftRelayRuleset.Counters c = NftRelayRuleset.Counters.of(tenant);
            long[] in = byName.getOrDefault(c.in(), new long[2]);
            long[] back = byName.getOrDefault(c.out(), new long[2]);
            long[] drop = byName.getOrDefault(c.drop(), new long[2]);
            out.add(new CloudGateway.FlowCounters(tenant, in[0], payload(in), back[0], payload(back), drop[0]));
        }
        return out;
    }

    /** Leaves the table in place: the data path outlives the process (ADR 0009). */
    @Override
    public void close() {
        // nothing held in this process
    }

    /**
     * For a host going back to the user-space relay: removes the table and switches off the forwarding it switched
     * on. A host without the table is left as it is (its forwarding is not ours).
     */
    public synchronized void uninstall() throws IOException {
        flows.clear();
        if (!kernel.tryNft("list", "table", "ip", NftRelayRuleset.TABLE).ok()) {
            return;
        }
        kernel.nft(null, "delete", "table", "ip", NftRelayRuleset.TABLE);
        kernel.sysctl("net.ipv4.ip_forward", "0");
    }

    private void apply(Map<String, CloudGateway.FlowSpec> wanted) throws IOException {
        List<JsonNode> table = list("table");   // one read for the counter and chain names the batch keeps or deletes
        kernel.nft(NftRelayRuleset.batch(wanted.values(), names(table, "counter"), names(table, "chain")), "-f", "-");
        kernel.sysctl("net.ipv4.ip_forward", "1");   // after the table: its forward chain drops all but the flows
    }

    /** name → {packets, bytes}; empty when the table does not exist yet. */
    private Map<String, long[]> readCounters() throws IOException {
        Map<String, long[]> out = new HashMap<>();
        for (JsonNode item : list("counters", "table")) {
            JsonNode c = item.get("counter");
            if (c != null) {
                out.put(c.path("name").asText(), new long[] {c.path("packets").asLong(), c.path("bytes").asLong()});
            }
        }
        return out;
    }

    /**
     * The items {@code nft -j list <what…> ip lifeboat_relay} gives ({@code "table"}: all of it; {@code "counters",
     * "table"}: its counters); none when the table does not exist yet.
     */
    private List<JsonNode> list(String... what) throws IOException {
        List<String> args = new ArrayList<>(List.of("-j", "list"));
        args.addAll(List.of(what));
        args.addAll(List.of("ip", NftRelayRuleset.TABLE));
        Commands.Result r = kernel.tryNft(args.toArray(String[]::new));
        if (!r.ok()) {
            if (r.output().contains("No such file or directory")) {
                return List.of();
            }
            throw new IOException("nft cannot list the relay's table: " + r.output().trim());
        }
        List<JsonNode> items = new ArrayList<>();
        ControlProtocol.JSON.readTree(r.output()).path("nftables").forEach(items::add);
        return items;
    }

    /** The names of the {@code kind} objects ({@code counter}, {@code chain}) among {@code items}. */
    private static Set<String> names(List<JsonNode> items, String kind) {
        Set<String> out = new HashSet<>();
        items.stream().map(item -> item.get(kind)).filter(Objects::nonNull).forEach(o -> out.add(o.path("name").asText()));
        return out;
    }

    private static long payload(long[] packetsAndBytes) {
        return Math.max(0, packetsAndBytes[1] - NftRelayRuleset.HEADER_BYTES * packetsAndBytes[0]);
    }

}

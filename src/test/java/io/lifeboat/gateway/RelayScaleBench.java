package io.lifeboat.gateway;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifeboat.bench.BenchReport;
import io.lifeboat.lab.network.LabNetwork;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ./lifeboat bench relay}: how many datagrams a gateway host's kernel relay (ADR 0009) moves per second for one
 * tenant while it also relays 0, 100, 500 or 1,000 other tenants' flows; the measured flow is the last one given to
 * the relay. One sender blasts 1,200-byte OpenVPN data datagrams for 3 s from the tenant NEA's namespace, a sink at the
 * provider NEA counts what arrives; two interleaved rounds, median per row. Writes {@code target/bench/relay.json}.
 */
public class RelayScaleBench {

    private static final CloudGateway.FlowSpec MEASURED = new CloudGateway.FlowSpec("acme", new InetSocketAddress("100.64.9.1", 1194),
            new InetSocketAddress("10.200.9.2", 1194), new InetSocketAddress("10.200.9.1", 1194));
    private static final List<Integer> OTHER_FLOWS = List.of(0, 100, 500, 1000);
    private static final int SECONDS = 3;

    /** {@code n} other tenants' flows, each on an address of its own (no traffic is sent to them). */
    static List<CloudGateway.FlowSpec> otherTenants(int n) {
        List<CloudGateway.FlowSpec> flows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String host = (i / 250) + "." + (i % 250 + 1);
            flows.add(new CloudGateway.FlowSpec("other" + i, new InetSocketAddress("100.66." + host, 1194),
                    new InetSocketAddress("10.210." + host, 1194), new InetSocketAddress("10.211." + host, 1194)));
        }
        return flows;
    }

    @Test
    void relay_scale_figures() throws Exception {
        assumeTrue(Boolean.getBoolean("lifeboat.bench"), "benchmarks run only with -Dlifeboat.bench=true (./lifeboat bench relay)");
        assumeTrue(LabNetwork.isRoot(), "the relay benchmark needs root (namespaces, nftables)");
        assumeTrue(KernelCommands.nftBinary().isPresent(), "the relay benchmark needs nft");
        Map<Integer, List<Long>> perSecond = new HashMap<>();
        try (RelayHosts hosts = new RelayHosts()) {
            KernelRelay relay = new KernelRelay(KernelCommands.inNamespace(hosts.gateway));
            for (int round = 0; round < 2; round++) {
                for (int others : OTHER_FLOWS) {
                    List<CloudGateway.FlowSpec> flows = new ArrayList<>(otherTenants(others));
                    flows.add(MEASURED);
                    relay.adopt(flows);
                    perSecond.computeIfAbsent(others, k -> new ArrayList<>()).add(relayedPerSecond(hosts));
                }
            }
        }
        BenchReport report = new BenchReport("relay");
        long alone = BenchReport.median(perSecond.get(0));
        for (int others : OTHER_FLOWS) {
            long median = BenchReport.median(perSecond.get(others));
            report.row("otherFlows", others, "datagramsPerSecond", median, "vsAlonePercent", Math.round(100.0 * median / alone),
                    "runs", perSecond.get(others).toString());
        }
        report.fact("datagram", "1,200 bytes of OpenVPN data (P_DATA_V2)");
        report.fact("machine", Runtime.getRuntime().availableProcessors() + " cores");
        report.write();
    }

    /** Datagrams the sink at the provider NEA received per second of sending. */
    private static long relayedPerSecond(RelayHosts hosts) throws Exception {
        Process sink = hosts.start(hosts.provider, UdpPeer.class, "sink", "10.200.9.2", "1194");
        BufferedReader sinkOut = new BufferedReader(new InputStreamReader(sink.getInputStream(), StandardCharsets.UTF_8));
        expectLine(sinkOut, "READY");
        Process blast = hosts.start(hosts.tenant, UdpPeer.class, "blast", "100.64.9.1", "1194", Integer.toString(SECONDS));
        expectLine(new BufferedReader(new InputStreamReader(blast.getInputStream(), StandardCharsets.UTF_8)), "sent ");
        return Long.parseLong(expectLine(sinkOut, "received ").substring("received ".length())) / SECONDS;
    }

    private static String expectLine(BufferedReader out, String prefix) throws Exception {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("the peer ended without a line starting with '" + prefix + "'");
    }
}

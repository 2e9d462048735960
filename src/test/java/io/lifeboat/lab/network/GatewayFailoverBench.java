package io.lifeboat.lab.network;

import io.lifeboat.pki.ApplianceCertificates;
import io.lifeboat.gateway.EnrolmentTokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.lab.network.LabNetwork.Side;
import io.lifeboat.network.NetworkExtension;
import io.lifeboat.network.TenantNetworkRef;
import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.pki.TunnelCredentialStore;
import io.lifeboat.pki.TunnelPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ./lifeboat bench gateway-failover} (root): a replica extended through the lab's two Cloud Gateways; the
 * gateway host in use is taken away N times (default 6, at least 5: links down, process SIGKILLed, kernel relay gone,
 * {@link LabNetwork#killGateway}), alternating, the lost one powered on again before the next. (Killing only the
 * process interrupts nothing since the relay is the kernel's, ADR 0009.) Per kill: time until both NEAs have a new control stream through the other gateway, and the
 * data-path gap (kill → first ping answer from the replica at the tenant's client). Goal: ≤ 5 s (issue 10 point 4).
 * Writes {@code target/bench/gateway-failover.json}.
 */
class GatewayFailoverBench {

    private static final TenantNetworkRef ACME = new TenantNetworkRef(1, "acme", "192.168.60.0/24", "192.168.60.1", 3001);
    private static final String REPLICA = "192.168.60.11";
    private static final Duration GOAL = Duration.ofSeconds(5);

    @Test
    void gateway_failover_figures() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("lifeboat.bench"),
                "benchmarks run only with -Dlifeboat.bench=true (./lifeboat bench gateway-failover)");
        Assumptions.assumeTrue(LabNetwork.isRoot(), "the gateway failover benchmark needs root (namespaces)");
        int kills = Math.max(5, Integer.getInteger("lifeboat.bench.trials", 6));
        LabTestSupport.sweepStaleTestRuns();
        String prefix = LabTestSupport.uniquePrefix();
        Path run = LabTestSupport.runDir(prefix);
        EnrolmentTokens tokens = new EnrolmentTokens();
        LabNetwork lab = LabNetwork.start(prefix, run, JavaLauncher.current(), new ApplianceCertificates(), tokens);
        try {
            lab.addTenant(ACME);
            NetworkExtension extension = new NetworkExtension(new PoweredOnAppliances(lab, tokens), lab, new TunnelCredentialStore(run.resolve("pki"),
                    PrivateKeySealer.fromKeyFile(run.resolve("pki/master.key")), new TunnelPki()), GatewayFailoverTest.SLOW_MACHINE);
            lab.addVmHost("acme", Side.PROVIDER_SEGMENT, "web-02-replica", REPLICA);
            extension.addFailedOverIp(ACME, REPLICA);
            write(measure(lab, new GatewayFailoverDrill(lab, ACME, REPLICA), kills));
        } finally {
            lab.teardown();
        }
    }

    private static ObjectNode measure(LabNetwork lab, GatewayFailoverDrill drill, int kills) throws Exception {
        String client = lab.namespace("acme", "client");
        List<Double> control = new ArrayList<>();
        List<Double> data = new ArrayList<>();
        ObjectNode out = new ObjectMapper().createObjectNode();
        ArrayNode each = out.putArray("kills");
        System.out.println("kill  gateway  control reconnect ms  data-path gap ms");
        for (int k = 0; k < kills; k++) {
            if (LabTestSupport.pingTtl(client, REPLICA, 10).isEmpty()) {
                throw new AssertionError("the replica does not answer before kill " + (k + 1));
            }
            GatewayFailoverDrill.Outcome o = drill.kill(k % 2, Duration.ofSeconds(30));
            each.addObject().put("gateway", o.killedGateway() + 1)
                    .put("controlReconnectMs", millis(o.controlReconnect())).put("dataPathGapMs", millis(o.dataPathGap()));
            System.out.printf("%4d  %7d  %20s  %16s%n", k + 1, o.killedGateway() + 1, millis(o.controlReconnect()),
                    millis(o.dataPathGap()));
            if (o.controlReconnect() != null) {
                control.add((double) o.controlReconnect().toMillis());
            }
            if (o.dataPathGap() != null) {
                data.add((double) o.dataPathGap().toMillis());
            }
            lab.startGateways();              // the killed one comes back (its flows from its state file)
            Thread.sleep(3000);               // and both NEAs settle on the survivor before the next kill
        }
        out.put("killsCount", kills).put("goalMs", GOAL.toMillis())
                .put("controlReconnectMedianMs", median(control)).put("controlReconnectMaxMs", max(control))
                .put("dataPathGapMedianMs", median(data)).put("dataPathGapMaxMs", max(data))
                .put("controlFailures", kills - control.size()).put("dataPathFailures", kills - data.size())
                .put("loadAverage", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        System.out.printf("control reconnect: median %.0f ms, max %.0f ms; data-path gap: median %.0f ms, max %.0f ms (goal ≤ %d ms)%n",
                median(control), max(control), median(data), max(data), GOAL.toMillis());
        return out;
    }

    private static void write(ObjectNode figures) throws Exception {
        Path file = Path.of("target/bench/gateway-failover.json");
        Files.createDirectories(file.getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), figures);
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double max(List<Double> values) {
        return values.isEmpty() ? Double.NaN : Collections.max(values);
    }
}

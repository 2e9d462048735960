package io.lifeboat.network.ui;

import io.lifeboat.network.GatewayHostService.GatewayHost;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.Notices;
import java.util.ArrayList;
import java.util.List;

/**
 * What a provider must know about the Cloud Gateway hosts that relay the tunnels (ADR 0013), one line each: none
 * connected (no tunnel can be set up), which hosts went silent, a host whose copy (a second process with its
 * certificate) is refused, and a host whose certificate is about to expire unrenewed. On the provider dashboard and the Cloud Gateways
 * page; empty when all is well or the portal relays the tunnels itself.
 */
public class GatewayHostProblems extends Notices {

    public GatewayHostProblems(String id) {
        super(id);
    }

    /** @param hosts every enrolled host that has connected once; null when this portal does not use gateway hosts */
    public void show(List<GatewayHost> hosts) {
        showLines(lines(hosts));
    }

    static List<String> lines(List<GatewayHost> hosts) {
        if (hosts == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(connectionLines(hosts));
        hosts.stream().filter(h -> h.copyAddress() != null).map(GatewayHostProblems::copyLine).forEach(lines::add);
        hosts.stream().filter(GatewayHost::certificateNotRenewed).map(GatewayHostProblems::renewalLine).forEach(lines::add);
        return lines;
    }

    private static String renewalLine(GatewayHost host) {
        return "The control certificate of Cloud Gateway host " + host.name() + " expires on " + Formats.minute(host.certificateExpires())
                + " and has not been renewed, although hosts renew theirs at two thirds of its life: read lifeboat-cloud-gateway's"
                + " log on it (\"could not renew\"). Once it has expired the host is refused; enrol it again here then.";
    }

    private static String copyLine(GatewayHost host) {
        return "Two hosts present the certificate of Cloud Gateway host " + host.name() + ": the one at " + host.relayAddress()
                + " relays tunnels, and the one dialling from " + host.copyAddress() + " is refused. A copied VM or disk keeps"
                + " the identity of the host it was copied from: enrol the copy again under a name of its own, or switch it off.";
    }

    private static List<String> connectionLines(List<GatewayHost> hosts) {
        List<GatewayHost> silent = hosts.stream().filter(h -> !h.current()).toList();
        if (hosts.isEmpty()) {
            return List.of("No Cloud Gateway host has connected, so no tenant network can be extended. Enrol them on the"
                    + " Cloud Gateways page and start lifeboat-cloud-gateway on each.");
        }
        if (silent.size() == hosts.size()) {
            return List.of("No Cloud Gateway host is connected (" + String.join(", ", hosts.stream().map(GatewayHost::name).toList())
                    + "), so no new tunnel can be set up; the tunnels they still relay keep flowing. Check lifeboat-cloud-gateway on them.");
        }
        return silent.stream().map(h -> "Cloud Gateway host " + h.name() + " has not been seen since " + Formats.time(h.lastSeen())
                + ": tenant NEAs reach their tunnels through the other hosts. Check lifeboat-cloud-gateway on it, or remove it"
                + " on the Cloud Gateways page.").toList();
    }
}

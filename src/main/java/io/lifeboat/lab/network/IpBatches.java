package io.lifeboat.lab.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ip} commands that wire one namespace to its neighbours, collected and run as one {@code ip -n <ns> -batch}
 * per namespace and phase: starting an {@code ip} process costs 10–30 ms on a loaded machine, and an NEA's namespace
 * took some twenty of them, most of a cold failover's 0.5 s in the lab before its agent could start.
 * <ol>
 *   <li>links: veth pairs, each created from one end's namespace with its peer moved into the other's;</li>
 *   <li>set-up: addresses, links up and routes; the neighbours' first (switch ports, gateway ends), then the host's own,
 *       so that a route via a neighbour finds its link up at both ends, as when they were run one by one.</li>
 * </ol>
 */
final class IpBatches {

    private final String host;
    private final List<String> links = new ArrayList<>();
    private final Map<String, List<String>> setUp = new LinkedHashMap<>();

    /** Commands for the namespace being built, {@code host}, and its neighbours. */
    IpBatches(String host) {
        this.host = host;
    }

    /** A link of the host's (a veth pair whose peer goes to a neighbour's namespace). */
    IpBatches link(String command) {
        links.add(command);
        return this;
    }

    /** An address, state or route of the host's. */
    IpBatches setUp(String command) {
        return setUp(host, command);
    }

    /** An address, state or route in a neighbour's namespace {@code ns}. */
    IpBatches setUp(String ns, String command) {
        setUp.computeIfAbsent(ns, k -> new ArrayList<>()).add(command);
        return this;
    }

    /** Runs the links, the neighbours' set-up, then the host's; throws with the failing batch's output. */
    void run() {
        if (!links.isEmpty()) {
            Netns.batch(host, links.toArray(String[]::new));
        }
        setUp.forEach((ns, commands) -> {
            if (!ns.equals(host)) {
                Netns.batch(ns, commands.toArray(String[]::new));
            }
        });
        List<String> own = setUp.get(host);
        if (own != null) {
            Netns.batch(host, own.toArray(String[]::new));
        }
    }
}

package io.lifeboat.lab.network;

import io.lifeboat.appliance.MacAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** Namespaces, switches (a bridge in a namespace of its own) and the veth pairs that plug hosts into them. */
final class LabWiring {

    private final AtomicInteger portCounter = new AtomicInteger();

    /** A name for a switch-side port, unique in the lab (interface names have 15 characters at most). */
    String nextPort() {
        return "v" + portCounter.incrementAndGet();
    }

    static void createNamespace(String ns) {
        addNamespace(ns);
        Netns.in(ns, "link", "set", "lo", "up");
    }

    /** The namespace alone ({@code ip netns add} cannot run inside another namespace's batch). */
    static void addNamespace(String ns) {
        if (!Netns.exists(ns)) {
            Netns.ip("netns", "add", ns);
        }
    }

    static void createSwitch(String ns) {
        createNamespace(ns);
        Netns.in(ns, "link", "add", "br0", "type", "bridge");
        Netns.in(ns, "link", "set", "br0", "up");
    }

    /** Connects {@code hostNs}'s new interface {@code ifName} to the switch's bridge through a veth pair. */
    void attach(String switchNs, String hostNs, String ifName, String cidr, String defaultGateway) {
        IpBatches wiring = new IpBatches(hostNs);
        attach(wiring, switchNs, ifName, cidr, defaultGateway, null);
        wiring.run();
    }

    /** As above, into {@code wiring}'s batches, with the interface's {@code mac} (null: the kernel's random one). */
    void attach(IpBatches wiring, String switchNs, String ifName, String cidr, String defaultGateway, String mac) {
        String port = nextPort();
        wiring.link("link add " + ifName + " type veth peer name " + port + " netns " + switchNs);
        if (mac != null) {
            wiring.link("link set " + ifName + " address " + MacAddress.parse(mac));
        }
        wiring.setUp(switchNs, "link set " + port + " master br0 up");
        if (cidr != null) {
            wiring.setUp("addr add " + cidr + " dev " + ifName);
        }
        wiring.setUp("link set " + ifName + " up");
        if (defaultGateway != null) {
            wiring.setUp("route add default via " + defaultGateway);
        }
    }

    /** A point-to-point veth from an NEA or router ({@code neaIf}) to a gateway namespace ({@code cgwIf}). */
    static void uplink(IpBatches wiring, String cgw, String neaIf, String cgwIf, String neaCidr, String cgwCidr) {
        wiring.link("link add " + neaIf + " type veth peer name " + cgwIf + " netns " + cgw);
        wiring.setUp("addr add " + neaCidr + " dev " + neaIf);
        wiring.setUp("link set " + neaIf + " up");
        wiring.setUp(cgw, "addr add " + cgwCidr + " dev " + cgwIf);
        wiring.setUp(cgw, "link set " + cgwIf + " up");
    }
}

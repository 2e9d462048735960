package io.lifeboat.lab.network;

import io.lifeboat.appliance.Ipv4;
import io.lifeboat.appliance.MacAddress;
import io.lifeboat.lab.network.LabNetwork.VmHost;
import io.lifeboat.lab.network.LabSites.LabSite;
import io.lifeboat.network.NetworkExtensionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The lab's simulated VMs ("VM hosts"): a namespace each, plugged into its site's LAN, provider segment or drill bubble
 * by a veth pair, announcing its address as a booting guest does, and listening on its services' TCP ports.
 */
final class LabHosts {

    private static final Logger LOG = Logger.getLogger(LabNetwork.class.getName());
    /** Debian's arping (Habets), for the VM hosts' gratuitous ARP. */
    private static final String ARPING = "/usr/sbin/arping";
    private static final Set<String> RESERVED = Set.of("gw", "inet", "client", "nea-t", "nea-p", "sw-lan", "sw-prov", "sw-drill", "probe");

    /** Where a VM host is plugged in: its switch's namespace and the port's name there. */
    private record SwitchPort(String switchNs, String name) {
    }

    private final String prefix;
    private final LabSites sites;
    private final LabWiring wiring;
    private final LabProcesses processes;
    /**
     * VM hosts come and go without the lab's monitor, many at once as real guests boot (50 VMs failed over together
     * waited for each other's namespaces); only {@link #withoutChanges} excludes them, so a teardown leaves no host
     * half-built.
     */
    private final ReadWriteLock hostChanges = new ReentrantReadWriteLock();
    /** Each VM host's port on its switch, by the host's namespace: unplugging it powers the host off at once. */
    private final Map<String, SwitchPort> hostPorts = new ConcurrentHashMap<>();

    LabHosts(String prefix, LabSites sites, LabWiring wiring, LabProcesses processes) {
        this.prefix = prefix;
        this.sites = sites;
        this.wiring = wiring;
        this.processes = processes;
    }

    /** See {@link LabNetwork#addVmHosts}; with {@code awaitAnnouncements} it returns once the hosts have announced themselves. */
    Map<VmHost, Long> add(List<VmHost> hosts, boolean awaitAnnouncements) {
        hosts.forEach(this::check);
        hostChanges.readLock().lock();
        try {
            List<VmHost> fresh = hosts.stream().filter(host -> !Netns.exists(namespace(host))).toList();
            if (fresh.isEmpty()) {
                return Map.of();
            }
            try {
                plugIn(fresh);
            } catch (RuntimeException e) {
                fresh.forEach(host -> Netns.delete(namespace(host)));
                throw e;
            }
            long up = System.nanoTime();
            announce(fresh, awaitAnnouncements);
            Map<VmHost, Long> upAt = new LinkedHashMap<>();
            for (VmHost host : fresh) {
                if (!host.tcpPorts().isEmpty()) {
                    processes.spawn(namespace(host), JavaLauncher.PORT_LISTENER, host.tcpPorts().stream().map(String::valueOf).toList());
                }
                upAt.put(host, up);
            }
            return upAt;
        } finally {
            hostChanges.readLock().unlock();
        }
    }

    /** See {@link LabNetwork#removeVmHosts}. */
    void remove(String tenant, List<String> hostNames) {
        hostChanges.readLock().lock();
        try {
            List<String> gone = hostNames.stream().map(name -> LabNetwork.namespace(prefix, tenant, name)).filter(Netns::exists).toList();
            Map<String, List<String>> unplugBySwitch = new LinkedHashMap<>();
            for (String ns : gone) {
                Process listener = processes.remove(ns);
                if (listener != null) {
                    listener.destroyForcibly();
                }
                SwitchPort port = hostPorts.remove(ns);
                if (port != null) {
                    unplugBySwitch.computeIfAbsent(port.switchNs(), sw -> new ArrayList<>()).add("link del " + port.name());
                }
            }
            unplugBySwitch.forEach((switchNs, ports) -> Netns.batchForced(switchNs, ports.toArray(String[]::new)));
            if (!gone.isEmpty()) {
                Netns.batchAllForced(gone.stream().map(ns -> "netns del " + ns).toArray(String[]::new));
            }
        } finally {
            hostChanges.readLock().unlock();
        }
    }

    /** Runs {@code teardown} while no host is being added or removed, then forgets every host's port. */
    void withoutChanges(Runnable teardown) {
        hostChanges.writeLock().lock();
        try {
            hostPorts.clear();
            teardown.run();
        } finally {
            hostChanges.writeLock().unlock();
        }
    }

    private void check(VmHost host) {
        sites.get(host.tenant());
        if (!host.name().equals("client") && RESERVED.contains(host.name())) {
            throw new IllegalArgumentException("reserved host name: " + host.name());
        }
    }

    private String namespace(VmHost host) {
        return LabNetwork.namespace(prefix, host.tenant(), host.name());
    }

    /**
     * The MAC of a host's NIC: its VM's when known, else one made of its address (locally administered), so that its
     * switch can announce it and a guest that comes back has the same one, as a VM keeps its MAC.
     */
    private static MacAddress macOf(VmHost host) {
        if (host.mac() != null) {
            return MacAddress.parse(host.mac());
        }
        int ip = Ipv4.parse(host.ip());
        return MacAddress.of(new byte[] {0x02, 0x1b, (byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
    }

    /**
     * The hosts' namespaces and NICs: each veth is made in its host ({@code eth0}, {@link #macOf its MAC}) with its
     * other end in the switch, which plugs all of its new ports into the bridge in one go. One after the other: the
     * kernel serialises link changes, so NICs built side by side took as long (40: 0.44 s in a row, 0.47–0.51 s in
     * two or four rows) for more CPU.
     */
    private void plugIn(List<VmHost> hosts) {
        Netns.batchAll(hosts.stream().map(host -> "netns add " + namespace(host)).toArray(String[]::new));
        Map<String, List<String>> portsBySwitch = new LinkedHashMap<>();
        for (VmHost host : hosts) {
            String switchNs = switchNamespace(host);
            String port = wiring.nextPort();
            LabSite site = sites.get(host.tenant());
            List<String> nic = new ArrayList<>(List.of("link add eth0 address " + macOf(host) + " type veth peer name " + port + " netns " + switchNs,
                    "link set lo up", "addr add " + host.ip() + "/" + site.prefixLength() + " dev eth0", "link set eth0 up"));
            if (site.gateway() != null) {
                nic.add("route add default via " + site.gateway());
            }
            Netns.batch(namespace(host), nic.toArray(String[]::new));
            portsBySwitch.computeIfAbsent(switchNs, ns -> new ArrayList<>()).add("link set " + port + " master br0 up");
            hostPorts.put(namespace(host), new SwitchPort(switchNs, port));
        }
        portsBySwitch.forEach((switchNs, ports) -> Netns.batch(switchNs, ports.toArray(String[]::new)));
    }

    /**
     * A guest coming up announces its address (gratuitous ARP), as real ones do, so LAN caches that still hold another
     * MAC for it (a proxying NEA's after a switch-back) follow at once instead of after their timeout, and a neighbour
     * that asked for it while it was off (the provider NEA) gets its answer without asking again a second later. Two
     * frames each (one lost should not matter), sent by each switch for all of its new hosts at once, from its bridge
     * with the host's MAC as the source: on the wire the same frames, without a process per host (starting 50 took
     * 1.2–1.7 s, so the last replies came that much later). With {@code await} this returns when they are sent.
     */
    private void announce(List<VmHost> hosts, boolean await) {
        if (!Files.isExecutable(Path.of(ARPING))) {
            LOG.warning("no " + ARPING + " (apt-get install arping): VM hosts do not announce their addresses");
            return;
        }
        Map<String, List<VmHost>> bySwitch = hosts.stream()
                .collect(Collectors.groupingBy(this::switchNamespace, LinkedHashMap::new, Collectors.toList()));
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        bySwitch.forEach((switchNs, itsHosts) -> {
            Process arpings = startAnnouncements(switchNs, itsHosts);
            if (await) {
                awaitAnnouncements(switchNs, arpings, deadline);
            } else {
                arpings.onExit().thenRun(() -> awaitAnnouncements(switchNs, arpings, deadline));
            }
        });
    }

    /** In the switch: one arping per host, side by side, on the bridge; prints the address of each that failed. */
    private static Process startAnnouncements(String switchNs, List<VmHost> hosts) {
        String script = "arping=$1; shift; while [ $# -gt 1 ]; do"
                + " ( \"$arping\" -q -U -c 2 -W 0.05 -i br0 -s \"$1\" -S \"$2\" \"$2\"; rc=$?; [ $rc -le 1 ] || echo \"$2 (arping exit $rc)\" ) &"
                + " shift 2; done; wait";
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", switchNs, "sh", "-c", script, "announce", ARPING));
        hosts.forEach(host -> command.addAll(List.of(macOf(host).toString(), host.ip())));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new NetworkExtensionException("cannot run " + ARPING + " in " + switchNs + ": " + e.getMessage(), e);
        }
    }

    private static void awaitAnnouncements(String switchNs, Process arpings, long deadlineNanos) {
        try {
            if (!arpings.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                arpings.destroyForcibly();
                LOG.warning("VM hosts behind " + switchNs + " did not announce their addresses within 6 s");
                return;
            }
            String failed = new String(arpings.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!failed.isEmpty() || arpings.exitValue() != 0) {   // each arping exits 1 as expected: nobody answers an unsolicited ARP
                LOG.warning("VM hosts behind " + switchNs + " could not announce: " + (failed.isEmpty() ? "exit " + arpings.exitValue() : failed));
            }
        } catch (IOException e) {
            LOG.warning("VM hosts behind " + switchNs + ": announcement output unreadable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            arpings.destroyForcibly();
        }
    }

    /** The namespace of the switch a host is plugged into. */
    private String switchNamespace(VmHost host) {
        return LabNetwork.namespace(prefix, host.tenant(), host.side().switchName());
    }
}

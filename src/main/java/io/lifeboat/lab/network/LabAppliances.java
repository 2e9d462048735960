package io.lifeboat.lab.network;

import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.network.NeaPlacement;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.gateway.ApplianceControlServer;
import io.lifeboat.lab.network.LabSites.LabSite;
import io.lifeboat.network.ApplianceNotConnectedException;
import io.lifeboat.network.NetworkExtensionException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The lab's NEA VMs as their guests behave: booted when their VM is powered on (a namespace on the segment the VM's
 * first NIC names, the agent started with its guestinfo), halted when it is powered off, and staged to hang or to go
 * away unheard. Each NEA's boots, halts and stops are serialised by a lock of its own.
 */
final class LabAppliances {

    private static final Logger LOG = Logger.getLogger(LabNetwork.class.getName());

    private final String prefix;
    private final Path runDir;
    private final LabSites sites;
    private final LabWiring wiring;
    private final LabProcesses processes;
    private final LabGateways gateways;
    /** The control server while the lab runs; null once it is torn down. */
    private final Supplier<ApplianceControlServer> control;
    private final Path gatewayCa;
    /** NEA namespaces whose appliance {@link #stop} shut down while their VM may still be on: not booted again until started. */
    private final Set<String> halted = ConcurrentHashMap.newKeySet();
    /** NEA namespaces whose guest {@link #hang hangs}: nothing boots their agent again until their VM is powered off. */
    private final Set<String> hung = ConcurrentHashMap.newKeySet();
    /** NEA namespaces whose guest never boots its agent, through power-cycles too, until {@link #repair repaired}. */
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    LabAppliances(String prefix, Path runDir, LabSites sites, LabWiring wiring, LabProcesses processes, LabGateways gateways,
                  Supplier<ApplianceControlServer> control, Path gatewayCa) {
        this.prefix = prefix;
        this.runDir = runDir;
        this.sites = sites;
        this.wiring = wiring;
        this.processes = processes;
        this.gateways = gateways;
        this.control = control;
        this.gatewayCa = gatewayCa;
    }

    /** The NEA's namespace: {@code nea-t} or {@code nea-p} of site {@code siteKey}. */
    String namespace(String siteKey, NeaRole role) {
        return LabNetwork.namespace(prefix, siteKey, role == NeaRole.TENANT ? "nea-t" : "nea-p");
    }

    /**
     * Waits until the NEA's agent runs (booted by its VM's guest tools) and its control stream {@code id} is connected.
     * {@code timeout} applies twice: to the VM's agent being booted, then to that agent connecting.
     */
    void awaitStarted(String siteKey, NeaRole role, String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String ns = namespace(siteKey, role);
        halted.remove(ns);   // wanted again: its guest tools may boot it
        Process process = awaitBooted(ns, id, deadline);
        // as before the VMs: the appliance's own start gets the whole timeout from its boot, however long the VM took
        long bootDeadline = System.nanoTime() + timeout.toNanos();
        processes.awaitReady(ns, "appliance", process, timeout);
        awaitConnected(ns, id, process, bootDeadline);
    }

    /**
     * The control client of an appliance that runs outside the lab's namespaces, once it has connected.
     *
     * @throws NetworkExtensionException when it has not connected within {@code timeout}
     */
    ApplianceClient awaitExternal(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!control().isConnected(id)) {
            if (System.nanoTime() > deadline) {
                throw new NetworkExtensionException("appliance " + id + " did not connect to the gateway within " + timeout.toSeconds() + " s");
            }
            sleep(100);
        }
        return control().client(id);
    }

    /** Its agent's process once it runs; one that died is booted again by the guest tools, as systemd would restart it. */
    private Process awaitBooted(String ns, String id, long deadline) {
        while (true) {
            Process process = processes.get(ns);
            if (process != null && process.isAlive()) {
                return process;
            }
            if (System.nanoTime() > deadline) {
                throw process == null
                        ? new ApplianceNotConnectedException("appliance " + id + " did not boot in time: is its NEA VM powered on, with its first NIC on the network's port group?")
                        : new NetworkExtensionException("appliance " + id + " in " + ns + " exited with " + process.exitValue() + ": " + processes.tailOf(ns));
            }
            sleep(20);
        }
    }

    private void awaitConnected(String ns, String id, Process process, long deadline) {
        while (!control().isConnected(id)) {
            if (!process.isAlive()) {
                throw new NetworkExtensionException("appliance in " + ns + " exited with " + process.exitValue() + ": " + processes.tailOf(ns));
            }
            if (System.nanoTime() > deadline) {
                throw new ApplianceNotConnectedException("appliance " + id + " in " + ns + " did not connect to the gateway in time: "
                        + processes.tailOf(ns));
            }
            sleep(10);
        }
    }

    /** See {@link LabNetwork#bootAppliance(ApplianceGuest, BooleanSupplier)}. */
    void boot(ApplianceGuest guest, BooleanSupplier stillPoweredOn) {
        String ns = namespace(guest.tenant(), guest.role());
        synchronized (lock(ns)) {
            if (stillPoweredOn.getAsBoolean()) {
                boot(ns, guest);
            }
        }
    }

    private void boot(String ns, ApplianceGuest guest) {
        Process running = processes.get(ns);
        if ((running != null && running.isAlive()) || halted.contains(ns) || hung.contains(ns) || broken.contains(ns)) {
            return;
        }
        LabSite site = sites.get(guest.tenant());
        if (Netns.exists(ns)) {   // half-built, or its agent died: boot clean, as a reset VM would (a halt removed it already)
            removeNamespace(ns, guest.tenant(), guest.role());
        }
        LabWiring.addNamespace(ns);
        IpBatches links = new IpBatches(ns).setUp("link set lo up");
        String lanSwitch = LabNetwork.namespace(prefix, guest.tenant(), guest.lan().switchName());
        if (guest.role() == NeaRole.TENANT) {
            String lan = NeaPlacement.tenantNeaIp(site.lan()) + "/" + site.prefixLength();
            wiring.attach(links, lanSwitch, LabNetwork.LAN_IF, lan, site.gateway(), guest.lanMac());
        } else {
            wiring.attach(links, lanSwitch, LabNetwork.LAN_IF, null, null, guest.lanMac());
        }
        if (guest.role() == NeaRole.PROVIDER && guest.uplink()) {
            gateways.links(links, NeaRole.PROVIDER, site.index());
        }   // a tenant NEA has its LAN only: it reaches the gateways through the site's router, as at a real site
        links.run();
        processes.spawn(ns, "appliance", List.of("--iface", LabNetwork.LAN_IF,
                "--gateways", String.join(",", guest.gateways()),
                "--gateway-ca", gatewayCa.toString(),
                "--appliance-id", guest.applianceId(), "--enrolment-token", guest.enrolmentToken(),
                "--state-dir", runDir.resolve(ns + "-" + guest.vmId() + ".state").toString()));
        LOG.info(() -> "appliance " + guest.applianceId() + " spawned in " + ns);
    }

    /** See {@link LabNetwork#hangAppliance}. */
    void hang(String siteKey, NeaRole role) {
        String ns = namespace(siteKey, role);
        synchronized (lock(ns)) {
            hung.add(ns);
            processes.remove(ns);
            Netns.killAll(ns);   // the agent and its OpenVPN: a hung guest carries nothing
        }
    }

    /** See {@link LabNetwork#breakAppliance}. */
    void breakGuest(String siteKey, NeaRole role) {
        String ns = namespace(siteKey, role);
        synchronized (lock(ns)) {
            broken.add(ns);
            hang(siteKey, role);
        }
    }

    /** See {@link LabNetwork#repairAppliance}. */
    void repair(String siteKey, NeaRole role) {
        broken.remove(namespace(siteKey, role));
    }

    /** See {@link LabNetwork#cutOffAppliance}. */
    void cutOff(String siteKey, NeaRole role) {
        String ns = namespace(siteKey, role);
        synchronized (lock(ns)) {
            Netns.unplug(ns);
            hang(siteKey, role);
        }
    }

    /** The NEA VM was powered off: its agent and namespace go at once, as a VM's would. No-op when absent. */
    void halt(String siteKey, NeaRole role) {
        String ns = namespace(siteKey, role);
        synchronized (lock(ns)) {
            halted.remove(ns);
            hung.remove(ns);
            Process p = processes.remove(ns);
            if (p != null) {
                p.destroyForcibly();
            }
            removeNamespace(ns, siteKey, role);
        }
    }

    /** See {@link LabNetwork#stop}. */
    void stop(String siteKey, NeaRole role, String id) {
        String ns = namespace(siteKey, role);
        synchronized (lock(ns)) {
            halted.add(ns);
            ApplianceControlServer server = control.get();
            if (server != null && server.isConnected(id)) {
                try {
                    server.client(id).shutdown();   // removes its routes and stops OpenVPN cleanly
                } catch (IOException ignored) {
                    // it may exit before its answer leaves; what counts is that it stops
                }
            }
            Process p = processes.remove(ns);
            if (p != null) {
                try {
                    p.waitFor(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            removeNamespace(ns, siteKey, role);
        }
    }

    /** Its process runs (connected to the gateway, or dialling it again after the gateway restarted). */
    boolean isRunning(String siteKey, NeaRole role, String id) {
        ApplianceControlServer server = control.get();
        return (server != null && server.isConnected(id)) || processAlive(siteKey, role);
    }

    /** Connected and answering, or its process runs and has not connected yet (it is booting). */
    boolean answers(String siteKey, NeaRole role, String id) {
        ApplianceControlServer server = control.get();
        if (server != null && server.isConnected(id)) {
            return server.answers(id);
        }
        return processAlive(siteKey, role);
    }

    private boolean processAlive(String siteKey, NeaRole role) {
        Process p = processes.get(namespace(siteKey, role));
        return p != null && p.isAlive();
    }

    /** After a teardown: no NEA is stopped, hung or broken any more. */
    void forget() {
        halted.clear();
        hung.clear();
        broken.clear();
    }

    /**
     * Booting, halting and stopping one NEA are serialised by its own lock, not the lab's: building an NEA's namespace
     * takes a second or more on a loaded machine, and the other NEA (and the lab's hosts) must not wait for it.
     */
    private Object lock(String ns) {
        return locks.computeIfAbsent(ns, k -> new Object());
    }

    private void removeNamespace(String ns, String siteKey, NeaRole role) {
        if (Netns.exists(ns)) {
            Netns.delete(ns);   // kills leftovers; its veths (and their peers in switches/gateway) go with it
        }
        // the kernel destroys a deleted namespace asynchronously: wait until its uplinks' peers are gone too
        int index = sites.indexOrNone(siteKey);
        if (index >= 0 && role == NeaRole.PROVIDER) {   // a tenant NEA has no link of its own to a gateway
            String peer = "p" + index;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && gateways.all().stream().anyMatch(g -> gateways.hasLink(g, peer))) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    private ApplianceControlServer control() {
        ApplianceControlServer server = control.get();
        if (server == null) {
            throw new IllegalStateException("the lab network has been torn down");
        }
        return server;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkExtensionException("interrupted while waiting for an appliance", e);
        }
    }
}

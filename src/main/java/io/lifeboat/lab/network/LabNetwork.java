package io.lifeboat.lab.network;

import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.Ipv4;
import io.lifeboat.appliance.Ipv4Subnet;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.gateway.ApplianceControlServer;
import io.lifeboat.gateway.ApplianceNics;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.network.ApplianceRuntime;
import io.lifeboat.network.DataPlaneUnavailableException;
import io.lifeboat.network.NeaPlacement;
import io.lifeboat.network.NetworkExtensionException;
import io.lifeboat.network.ReachabilityCheck;
import io.lifeboat.network.TenantNetworkRef;
import io.lifeboat.network.TunnelRelay;
import io.lifeboat.pki.ApplianceCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The lab's data plane, built for real with {@code ip netns}, veth pairs and bridges — all inside namespaces named
 * {@code <prefix>-…}; nothing is created in the root namespace (see docs/adr/0003-lab-topology.md). Per tenant:
 * <pre>
 *  &lt;p&gt;-&lt;t&gt;-sw-lan  (bridge) : gw (subnet gateway, routes to &lt;p&gt;-&lt;t&gt;-inet 203.0.113.10), client (.20), VM hosts, nea-t lan0 (.254)
 *                                 the tenant NEA's only interface: it reaches the gateways through gw, which masquerades
 *                                 towards them and lets in nothing but replies (nftables table "site")
 *  &lt;p&gt;-&lt;t&gt;-sw-prov (bridge) : replica hosts, nea-p lan0 (169.254.0.1/32 only)
 *  &lt;p&gt;-cgw (shared)          : Cloud Gateway process, appliance control port 198.51.100.1:7443 on lo; per tenant i:
 *                                 t&lt;i&gt; 100.64.i.1 ↔ gw up0 100.64.i.2, p&lt;i&gt; 10.200.i.1 ↔ nea-p up0 10.200.i.2;
 *                                 it forwards nothing but the tunnel flows its kernel relay DNATs (ADR 0009)
 *  &lt;p&gt;-cgw2 (shared)         : the second Cloud Gateway, 198.51.100.2, links 100.65.i.x and 10.201.i.x to up1
 *                                 ({@link LabGateway}, ADR 0007)
 * </pre>
 * Implements {@link ApplianceRuntime} (NEAs = JVMs under {@code ip netns exec}, {@link LabProcesses}), {@link TunnelRelay}
 * (the gateway processes, {@link LabGateways}) and {@link ReachabilityCheck} (pings from the tenant's client host). The NEAs are steered as real
 * appliances are (ADR 0005, 0006): each dials the gateway's control port over mutual TLS 1.3, enrols with a one-time
 * token and keeps its stream open; the gateway process relays those connections to the {@link ApplianceControlServer}
 * this class runs in the portal, behind a Unix socket (the one channel between the portal's namespace and the
 * gateway's). Nothing dials into an NEA. Each network is a site of its own: a tenant's first network is named after
 * the tenant, another one after the key {@link #addNetwork} gives it (e.g. {@code acme-dmz}). Needs root; without it the factory throws {@link DataPlaneUnavailableException}.
 */
public final class LabNetwork implements ApplianceRuntime, TunnelRelay, ReachabilityCheck, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LabNetwork.class.getName());
    public static final int TUNNEL_PORT = 1194;
    static final String LAN_IF = "lan0";
    static final int CONTROL_PORT = LabGateway.CONTROL_PORT;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    /** Where a VM host sits: the tenant's LAN, the provider segment the network extension reaches, or the drill bubble. */
    public enum Side {
        TENANT_LAN("sw-lan"), PROVIDER_SEGMENT("sw-prov"), DRILL_BUBBLE("sw-drill");

        private final String switchName;

        Side(String switchName) {
            this.switchName = switchName;
        }

        /** The host name of the switch this side is: its namespace is {@code <prefix>-<site>-<switchName>}. */
        String switchName() {
            return switchName;
        }
    }

    private final String prefix;
    private final Path runDir;
    private final LabProcesses processes;
    private final LabGateways gateways;
    private final LabSites sites = new LabSites();
    private final LabWiring wiring = new LabWiring();
    private final LabHosts hosts;
    private final LabAppliances appliances;
    private final ApplianceCertificates certificates;
    private final EnrolmentTokens tokens;
    private volatile ApplianceControlServer control;

    private LabNetwork(String prefix, Path runDir, JavaLauncher launcher, ApplianceCertificates certificates, EnrolmentTokens tokens) {
        this.prefix = prefix;
        this.runDir = runDir;
        this.certificates = certificates;
        this.tokens = tokens;
        this.processes = new LabProcesses(runDir, launcher);
        this.gateways = new LabGateways(prefix, runDir, processes);
        this.hosts = new LabHosts(prefix, sites, wiring, processes);
        this.appliances = new LabAppliances(prefix, runDir, sites, wiring, processes, gateways, () -> control, gatewayCa());
    }

    /**
     * Checks root and tools, removes what a crashed earlier run with the same prefix left behind, creates the
     * gateway namespace.
     *
     * @param prefix {@code lb} for the lab; tests use {@code lbt-<pid>} so they never meet the running lab
     */
    public static LabNetwork start(String prefix, Path runDir, JavaLauncher launcher) {
        return start(prefix, runDir, launcher, new ApplianceCertificates(), new EnrolmentTokens());
    }

    /**
     * As {@link #start(String, Path, JavaLauncher)}, with the appliances' control server accepting the enrolment tokens
     * registered in {@code tokens} (the portal's: those {@code ApplianceVms} writes into the NEA VMs' guestinfo) and
     * signing with {@code certificates} (the portal's, kept in its database).
     */
    public static LabNetwork start(String prefix, Path runDir, JavaLauncher launcher, ApplianceCertificates certificates,
                                   EnrolmentTokens tokens) {
        requireDataPlane();
        LabNetwork lab = new LabNetwork(prefix, runDir, launcher, certificates, tokens);
        sweep(prefix);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new NetworkExtensionException("cannot create " + runDir, e);
        }
        try {
            for (LabGateway g : lab.gateways()) {
                LabWiring.createNamespace(g.namespace());
                Netns.in(g.namespace(), "addr", "add", g.controlAddress() + "/32", "dev", "lo");
            }
            lab.startControlServer();
            lab.startGateways();   // always up, as a real gateway is: appliances dial it from their first second
        } catch (RuntimeException e) {
            lab.teardown();        // a gateway that did not come up in time must not outlive the failed start
            throw e;
        }
        return lab;
    }

    /**
     * The appliances' control server, on a Unix socket the gateway process relays its control port to. NEA state
     * directories of an earlier run hold certificates of CAs that died with it: removed, so every NEA enrols afresh.
     */
    private void startControlServer() {
        try (var files = Files.list(runDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".state")).forEach(LabNetwork::deleteTree);
            Files.writeString(gatewayCa(), certificates.gatewayCaPem());
            control = ApplianceControlServer.startOnUnixSocket(controlSocket(), certificates.issueGateway("cloud-gateway",
                    LabGateway.controlAddresses()), certificates, tokens, COMMAND_TIMEOUT);
        } catch (IOException e) {
            throw new NetworkExtensionException("cannot start the appliances' control server: " + e.getMessage(), e);
        }
    }

    private Path controlSocket() {
        return gateways.controlSocket();
    }

    /** The PEM file of the CA that signed the gateways' control certificate, as an appliance is handed it. */
    public Path gatewayCa() {
        return runDir.resolve("gateway-ca.pem");
    }

    /** Throws {@link DataPlaneUnavailableException} with the reason when this machine cannot run the lab. */
    public static void requireDataPlane() {
        requireDataPlane(isRoot());
    }

    static void requireDataPlane(boolean root) {
        if (!root) {
            throw new DataPlaneUnavailableException("The lab data plane needs root: it creates network namespaces, "
                    + "veth pairs and bridges and runs OpenVPN and pcap. Start the portal as root for the lab, "
                    + "or run without it (failover works, networks are not extended).");
        }
        for (String tool : List.of("/usr/sbin/openvpn", "/usr/bin/ping", "/usr/sbin/nft")) {
            if (!Files.isExecutable(Path.of(tool)) && !Files.isExecutable(Path.of(tool.replace("/usr/sbin", "/sbin")))) {
                throw new DataPlaneUnavailableException("The lab data plane needs " + tool + " (apt-get install openvpn iputils-ping nftables)");
            }
        }
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");   // effective uid
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return false;
    }

    /** Removes every namespace named {@code <prefix>-…} and the processes in it. */
    public static void sweep(String prefix) {
        for (String ns : Netns.list()) {
            if (ns.startsWith(prefix + "-")) {
                LOG.info("removing stale lab namespace " + ns);
                Netns.delete(ns);
            }
        }
    }

    public String prefix() {
        return prefix;
    }

    public String namespace(String tenant, String host) {
        return namespace(prefix, tenant, host);
    }

    /** The namespace of a tenant's host in the lab under {@code prefix}: {@code <prefix>-<tenant>-<host>}. */
    public static String namespace(String prefix, String tenant, String host) {
        return prefix + "-" + tenant + "-" + host;
    }

    String gatewayNs() {
        return gateways().get(0).namespace();
    }

    /** The lab's Cloud Gateways' control endpoints, as an NEA VM's guestinfo names them to its agent. */
    public List<String> controlEndpoints() {
        return gateways().stream().map(LabGateway::controlEndpoint).toList();
    }

    /** The lab's Cloud Gateways, the one appliances prefer first (ADR 0007). */
    List<LabGateway> gateways() {
        return gateways.all();
    }

    // ---------------------------------------------------------------- tenant sites and VM hosts

    /**
     * Builds a tenant's site (LAN switch, gateway, internet host, client) and its provider segment. Idempotent per
     * tenant name.
     */
    public void addTenant(TenantNetworkRef ref) {
        addTenant(ref.tenant(), ref.subnet(), ref.gateway());
    }

    /**
     * Another network of a tenant (e.g. its DMZ), built as a site of its own under {@code siteKey}: its own router,
     * client, segments, NEAs, gateway links and relay, so it shares nothing with the tenant's other networks (state is
     * keyed by network, not by tenant). Host names of this network are given with {@code siteKey} in place of the tenant.
     */
    public synchronized void addNetwork(TenantNetworkRef ref, String siteKey) {
        sites.bind(ref.networkId(), siteKey);
        addTenant(siteKey, ref.subnet(), ref.gateway());
    }

    /** The lab site of network {@code ref}: what {@link #addNetwork} named it, else its tenant's name. */
    public String siteKey(TenantNetworkRef ref) {
        return sites.keyOf(ref);
    }

    /** {@link #addTenant(TenantNetworkRef)} for the lab site {@code t}, {@code subnet} with {@code gateway}. */
    public synchronized void addTenant(String t, String subnet, String gateway) {
        if (sites.has(t)) {
            return;
        }
        Ipv4Subnet parsed = Ipv4Subnet.parse(subnet);
        int index = sites.add(t, parsed, gateway).index();
        for (Side side : Side.values()) {   // the drill bubble is the isolated port group of drills: joined to nothing else
            LabWiring.createSwitch(namespace(t, side.switchName()));
        }
        String gw = namespace(t, "gw");
        LabWiring.createNamespace(gw);
        wiring.attach(namespace(t, Side.TENANT_LAN.switchName()), gw, LAN_IF, gateway + "/" + parsed.prefixLength(), null);
        String inet = namespace(t, "inet");
        LabWiring.createNamespace(inet);
        Netns.in(gw, "link", "add", "wan0", "type", "veth", "peer", "name", "eth0", "netns", inet);
        Netns.in(gw, "addr", "add", "203.0.113.1/24", "dev", "wan0");
        Netns.in(gw, "link", "set", "wan0", "up");
        Netns.in(inet, "addr", "add", "203.0.113.10/24", "dev", "eth0");
        Netns.in(inet, "link", "set", "eth0", "up");
        Netns.in(inet, "route", "add", "default", "via", "203.0.113.1");
        Netns.sysctl(gw, "net.ipv4.ip_forward", "1");
        IpBatches towardsGateways = new IpBatches(gw);
        gateways.links(towardsGateways, NeaRole.TENANT, index);
        towardsGateways.run();
        natTowardsGateways(gw);
        addVmHost(t, Side.TENANT_LAN, "client", clientIp(parsed));
        String probe = namespace(t, "probe");
        LabWiring.createNamespace(probe);
        wiring.attach(namespace(t, Side.DRILL_BUBBLE.switchName()), probe, "eth0", probeIp(parsed) + "/" + parsed.prefixLength(), null);
    }

    /**
     * The tenant site's router masquerades what leaves towards the gateways, and lets nothing in from them but replies
     * (ADR 0006 step 3): nothing at the provider can open a connection into a tenant's network. Counted, so a test sees
     * the tenant NEA's traffic really took this way.
     */
    private void natTowardsGateways(String routerNs) {
        Path rules = runDir.resolve(routerNs + ".nft");
        try {
            Files.writeString(rules, """
                    table ip site {
                        chain postrouting {
                            type nat hook postrouting priority srcnat;
                            oifname "up*" counter masquerade
                        }
                        chain forward {
                            type filter hook forward priority filter;
                            iifname "up*" ct state established,related accept
                            iifname "up*" counter drop
                        }
                        chain input {
                            type filter hook input priority filter;
                            iifname "up*" ct state established,related accept
                            iifname "up*" counter drop
                        }
                    }
                    """);
        } catch (IOException e) {
            throw new NetworkExtensionException("cannot write " + rules + ": " + e.getMessage(), e);
        }
        Netns.exec(routerNs, true, "nft", "-f", rules.toString());
    }

    /** The drill probe's address in the bubble: {@code .253} of the subnet. */
    public static String probeIp(TenantNetworkRef ref) {
        return probeIp(ref.parsedSubnet());
    }

    private static String probeIp(Ipv4Subnet subnet) {
        return Ipv4.format(subnet.network() + 253);
    }

    /** The client host's address: {@code .20} of the subnet (the host the demo pings from). */
    public static String clientIp(TenantNetworkRef ref) {
        return clientIp(ref.parsedSubnet());
    }

    private static String clientIp(Ipv4Subnet subnet) {
        return Ipv4.format(subnet.network() + 20);
    }

    public static String internetHostIp() {
        return "203.0.113.10";
    }

    /**
     * A simulated VM: namespace {@code <prefix>-<tenant>-<host>} with {@code ip} on the tenant LAN or the provider
     * segment, default route via the tenant gateway (on the provider segment it is reached through the provider
     * NEA's proxy-ARP). Like a booting guest it announces {@code ip} (gratuitous ARP) once its link is up.
     */
    public void addVmHost(String tenant, Side side, String hostName, String ip) {
        addVmHost(tenant, side, hostName, ip, List.of());
    }

    /**
     * A simulated VM as above that also accepts TCP connections on {@code tcpPorts} (a small JVM in its namespace),
     * as the VM's services would.
     */
    public void addVmHost(String tenant, Side side, String hostName, String ip, List<Integer> tcpPorts) {
        addVmHost(tenant, side, hostName, ip, tcpPorts, null);
    }

    /**
     * As above, with the MAC its VM has in vCenter ({@code mac}; null: the kernel's random one), so what the portal
     * learns of the VM from vCenter holds on the lab's LAN too. Returns when (nanoTime) the host's NIC was up with its
     * address, before its announcement: from then on it answers; empty when the host already existed.
     */
    public OptionalLong addVmHost(String tenant, Side side, String hostName, String ip, List<Integer> tcpPorts, String mac) {
        VmHost host = new VmHost(tenant, side, hostName, ip, tcpPorts, mac);
        Long up = hosts.add(List.of(host), true).get(host);
        return up == null ? OptionalLong.empty() : OptionalLong.of(up);
    }

    /** A simulated VM for {@link #addVmHosts}: what {@link #addVmHost(String, Side, String, String, List, String)} takes. */
    public record VmHost(String tenant, Side side, String name, String ip, List<Integer> tcpPorts, String mac) {
    }

    /**
     * Adds VM hosts together, as guests that boot at once: one {@code ip} process makes every namespace, one per host
     * builds its NIC, one per switch plugs them all in and one per switch announces them (50 hosts took 2 s one by one,
     * mostly in process starts). Returns when (nanoTime) each new host's NIC was up with its address, while they are
     * announced (the next guests to boot need not wait for that); hosts that already existed are left out. If a host
     * cannot be built, none of this call's new hosts is left behind.
     */
    public Map<VmHost, Long> addVmHosts(List<VmHost> hosts) {
        return this.hosts.add(hosts, false);
    }

    /** Powers a VM host off: its namespace and interfaces go. No-op when absent. */
    public void removeVmHost(String tenant, String hostName) {
        removeVmHosts(tenant, List.of(hostName));
    }

    /**
     * Powers VM hosts of {@code tenant} off together: their listeners stop, one {@code ip} process per switch unplugs
     * them (deleting a veth's switch end takes its host end at once, where the namespace itself goes asynchronously)
     * and one deletes their namespaces. Absent hosts are skipped.
     */
    public void removeVmHosts(String tenant, List<String> hostNames) {
        hosts.remove(tenant, hostNames);
    }

    /** Removes everything this lab created: processes, namespaces (and so every interface), run files. */
    public synchronized void teardown() {
        hosts.withoutChanges(this::sweepEverything);
    }

    private void sweepEverything() {
        processes.destroyAll();
        gateways.forgetPowerOffs();
        appliances.forget();
        closeControlServer();
        sweep(prefix);
        sites.clear();
        // sockets, logs and the NEAs' state directories (which hold tunnel keys); the credential store stays
        try (var files = Files.list(runDir)) {
            files.filter(f -> !Files.isDirectory(f) || f.getFileName().toString().endsWith(".state")).forEach(LabNetwork::deleteTree);
        } catch (IOException ignored) {
            // nothing to clean
        }
    }

    private void closeControlServer() {
        if (control == null) {
            return;
        }
        try {
            control.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        control = null;
    }

    @Override
    public void close() {
        teardown();
    }

    // ---------------------------------------------------------------- ApplianceRuntime

    @Override
    public NeaPlacement placement(TenantNetworkRef ref, NeaRole role) {
        int site = sites.get(siteKey(ref)).index();
        if (role == NeaRole.TENANT) {
            return new NeaPlacement(LAN_IF, NeaPlacement.tenantNeaIp(ref.parsedSubnet()), null);
        }
        return new NeaPlacement(LAN_IF, NeaPlacement.PROVIDER_NEA_IP, new InetSocketAddress(gateways.providerTunnelIp(site), TUNNEL_PORT));
    }

    static String applianceId(TenantNetworkRef ref, NeaRole role) {
        return ref.applianceId(role);
    }

    /**
     * Waits for the appliance of a powered-on NEA VM (booted by {@link #bootAppliance}) to connect to the gateway: the
     * portal powers the VM on, the lab's guest tools start its agent, and this only waits for its control stream.
     * {@code timeout} applies twice: to the VM's agent being booted, then to that agent connecting.
     */
    @Override
    public ApplianceClient start(TenantNetworkRef ref, NeaRole role, Duration timeout) {
        String id = applianceId(ref, role);
        ApplianceClient client = control().client(id);
        if (control().isConnected(id)) {
            return client;
        }
        startGateways();    // the appliances dial the gateways' control ports as soon as they run
        appliances.awaitStarted(siteKey(ref), role, id, timeout);
        return client;
    }

    /**
     * The control client of an appliance that runs outside the lab's namespaces (the appliance image booted under QEMU
     * on the lab's bridges), once it has enrolled and connected to a gateway.
     *
     * @throws NetworkExtensionException when it has not connected within {@code timeout}
     */
    public ApplianceClient awaitExternalAppliance(TenantNetworkRef ref, NeaRole role, Duration timeout) {
        return appliances.awaitExternal(applianceId(ref, role), timeout);
    }

    /**
     * Boots a powered-on NEA VM's appliance as the VM would: namespace {@code nea-t}/{@code nea-p} attached to the
     * segment its first NIC names (plus its links to the gateways if its second NIC is on the uplink network), and the
     * agent configured from the VM's guestinfo, enrolling with the token written there. No-op while its agent runs, and
     * while {@link #stop} has shut it down and nobody started it since.
     */
    public void bootAppliance(ApplianceGuest guest) {
        bootAppliance(guest, () -> true);
    }

    /**
     * As {@link #bootAppliance(ApplianceGuest)}, if {@code stillPoweredOn} says so once this NEA's other boots and halts
     * are done: a boot queued while its VM was on must not rebuild what the VM's power-off just removed.
     */
    public void bootAppliance(ApplianceGuest guest, BooleanSupplier stillPoweredOn) {
        appliances.boot(guest, stillPoweredOn);
    }

    /**
     * Stages a guest that hangs while its VM stays on (a kernel stuck, an agent its service manager gave up on): its
     * agent is killed and nothing boots it again, not even {@link #start}, until its VM is powered off.
     */
    public void hangAppliance(String tenant, NeaRole role) {
        appliances.hang(tenant, role);
    }

    /**
     * Stages an NEA whose guest goes away unheard (its host fails, or its network goes first): its links are pulled
     * before its agent dies, so no FIN reaches the Cloud Gateway and the portal's control stream stays open, as in
     * production until the portal's pings go unanswered. Otherwise as {@link #hangAppliance}: its VM stays on.
     */
    public void cutOffAppliance(String tenant, NeaRole role) {
        appliances.cutOff(tenant, role);
    }

    /**
     * Stages a guest that never boots its agent, not after a power-cycle either (a broken image, or its NIC on a port
     * group from which no gateway can be reached), until {@link #repairAppliance}: its VM powers on and nothing dials.
     */
    public void breakAppliance(String tenant, NeaRole role) {
        appliances.breakGuest(tenant, role);
    }

    /** Undoes {@link #breakAppliance}: the guest boots its agent at its VM's next power-on. */
    public void repairAppliance(String tenant, NeaRole role) {
        appliances.repair(tenant, role);
    }

    /** The NEA VM was powered off: its agent and namespace go at once, as a VM's would. No-op when absent. */
    public void haltAppliance(String tenant, NeaRole role) {
        appliances.halt(tenant, role);
    }

    private ApplianceControlServer control() {
        ApplianceControlServer server = control;
        if (server == null) {
            throw new IllegalStateException("the lab network has been torn down");
        }
        return server;
    }

    /** Its process runs (connected to the gateway, or dialling it again after the gateway restarted). */
    @Override
    public boolean isRunning(TenantNetworkRef ref, NeaRole role) {
        return appliances.isRunning(siteKey(ref), role, applianceId(ref, role));
    }

    /** Connected and answering, or its process runs and has not connected yet (it is booting). */
    @Override
    public boolean answers(TenantNetworkRef ref, NeaRole role) {
        return appliances.answers(siteKey(ref), role, applianceId(ref, role));
    }

    @Override
    public Set<String> connectedApplianceIds() {
        ApplianceControlServer server = control;
        return server == null ? Set.of() : server.connectedIds();
    }

    @Override
    public void checkNics(ApplianceNics nics) {
        control().checkNics(nics);
    }

    @Override
    public List<RefusedCopy> refusedCopies() {
        ApplianceControlServer server = control;
        return server == null ? List.of() : RefusedCopy.refusedBy(server);
    }

    /**
     * Shuts the appliance down over its stream (it removes its routes and stops OpenVPN) and removes its namespace; it
     * is not booted again until {@link #start} asks for it or its VM is powered off and on.
     */
    @Override
    public void stop(TenantNetworkRef ref, NeaRole role) {
        appliances.stop(siteKey(ref), role, applianceId(ref, role));
    }

    // ---------------------------------------------------------------- ReachabilityCheck

    /** Pings from {@code <prefix>-<tenant>-client}. */
    @Override
    public Optional<Instant> firstReplyFromTenantLan(TenantNetworkRef ref, String ip, Duration timeout) {
        return firstReply(namespace(siteKey(ref), "client"), ip, timeout);
    }

    /** Pings from {@code <prefix>-<tenant>-client}; only a reply with TTL 64 (a host on the LAN, not a replica) counts. */
    @Override
    public Optional<Instant> firstLocalReplyFromTenantLan(TenantNetworkRef ref, String ip, Duration timeout) {
        return firstReply(namespace(siteKey(ref), "client"), ip, timeout, "ttl=64");
    }

    /** The first answer to a ping from the drill probe inside {@code tenant}'s bubble; empty if none within the timeout. */
    public Optional<Instant> firstReplyInBubble(String tenant, String ip, Duration timeout) {
        return firstReply(namespace(tenant, "probe"), ip, timeout);
    }

    /**
     * The first TCP connection accepted by {@code ip:port}, opened from the drill probe inside {@code tenant}'s bubble;
     * empty if none within the timeout. Bash's {@code /dev/tcp} connects, so the probe needs no tool of its own.
     */
    public Optional<Instant> firstTcpConnectInBubble(String tenant, String ip, int port, Duration timeout) {
        return firstTcpConnect(namespace(tenant, "probe"), ip, port, timeout);
    }

    /** The first TCP connection to {@code ip:port} accepted from namespace {@code fromNs}; empty if none within the timeout. */
    public static Optional<Instant> firstTcpConnect(String fromNs, String ip, int port, Duration timeout) {
        return LabPings.firstTcpConnect(fromNs, ip, port, timeout);
    }

    private Optional<Instant> firstReply(String fromNs, String ip, Duration timeout) {
        return LabPings.firstReply(fromNs, ip, timeout, "bytes from");
    }

    private Optional<Instant> firstReply(String fromNs, String ip, Duration timeout, String marker) {
        return LabPings.firstReply(fromNs, ip, timeout, marker);
    }

    // ---------------------------------------------------------------- TunnelRelay

    /** The first gateway's relay address; {@link #openAll} opens the relay on both. */
    @Override
    public synchronized InetSocketAddress open(TenantNetworkRef ref, InetSocketAddress providerNea) {
        return openAll(ref, providerNea).get(0);
    }

    /** Opens tenant {@code ref}'s relay on every gateway that runs (a killed one gets it back from its flow file). */
    @Override
    public synchronized List<InetSocketAddress> openAll(TenantNetworkRef ref, InetSocketAddress providerNea) {
        return gateways.openAll(siteKey(ref), sites.get(siteKey(ref)).index(), providerNea);
    }

    /**
     * A flow of its own on the first gateway, beside {@code ref}'s: from {@code ref}'s relay address at {@code port} to
     * {@code upstream}, sent from the gateway's address towards {@code ref}'s provider NEA. For a benchmark's own
     * OpenVPN pair through the same relay, so that the relay is all that differs from the same pair routed.
     */
    public synchronized InetSocketAddress openBesideFlow(TenantNetworkRef ref, String name, int port, InetSocketAddress upstream) {
        return gateways.openBesideFlow(sites.get(siteKey(ref)).index(), name, port, upstream);
    }

    @Override
    public synchronized void close(TenantNetworkRef ref) {
        gateways.close(siteKey(ref));
    }

    /** What the gateways carried for {@code ref}, summed over those that answer. */
    @Override
    public Optional<RelayCounters> counters(TenantNetworkRef ref) {
        return gateways.counters(siteKey(ref));
    }

    /**
     * Kills the first gateway's process with SIGKILL and starts it again with its flows: its host stays up, so with
     * the kernel relay the tunnel keeps flowing throughout (ADR 0009).
     */
    public synchronized void restartGateway() {
        gateways.killProcess(0);
        gateways.startAll();
    }

    /** SIGKILLs gateway {@code number}'s process only (a crash of the process; its host and kernel rules stay). */
    public synchronized void killGatewayProcess(int number) {
        gateways.killProcess(number);
    }

    /**
     * Takes gateway {@code number}'s whole host away (0 or 1), as a power failure would: its links go down first (so
     * nothing, not even a reset or an ICMP error, leaves it), then its process is killed with SIGKILL and its kernel
     * relay's table and forwarding vanish as on a reboot. Its appliances and tunnels move to the other gateway
     * (ADR 0007); {@link #startGateways} powers it on again.
     */
    public synchronized void killGateway(int number) {
        gateways.kill(number);
    }

    /**
     * Runs the gateways' processes with {@code cloud-gateway --relay mode} ({@code kernel} or {@code user}) from now on,
     * restarting those that run: for the benchmark's before/after.
     */
    public synchronized void useRelay(String mode) {
        gateways.useRelay(mode);
    }

    /** Starts every gateway process that is not running (side by side), each with the relay flows it had. */
    public synchronized void startGateways() {
        gateways.startAll();
    }

    /** Gateway {@code number}'s process id while it runs. */
    public synchronized Optional<Long> gatewayPid(int number) {
        return gateways.pid(number);
    }

    /** Calls {@code listener} with every appliance id ({@code <tenant>/n<network>/<t|p>}) that opens its control stream. */
    public void onControlStream(java.util.function.Consumer<String> listener) {
        control().onConnected(listener);
    }

    @Override
    public void onApplianceConnected(java.util.function.BiConsumer<Long, NeaRole> listener) {
        control().onConnected(id -> TenantNetworkRef.parseApplianceId(id).ifPresent(a -> listener.accept(a.networkId(), a.role())));
    }

    @Override
    public void onNeaCertificate(java.util.function.BiConsumer<String, Instant> listener) {
        control().onConnectedWith((id, certificate) -> {
            if (TenantNetworkRef.parseApplianceId(id).isPresent()) {
                listener.accept(id, certificate.getNotAfter().toInstant());
            }
        });
    }

    // ---------------------------------------------------------------- building blocks

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

}

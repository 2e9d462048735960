package io.lifeboat.appliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One running NEA: reconciles a {@link DesiredState} onto the ARP responder, the tunnel supervisor and the
 * routes/sysctls. Every {@link #apply} is idempotent and whole-state, so a portal that restarts simply sends its
 * view again.
 */
final class Appliance implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Appliance.class.getName());
    private static final Pattern PING_TIME = Pattern.compile("time=([0-9.]+) ms");
    /** How often the tenant NEA asks who else has a failed-over IP: a conflict shows within about a second. */
    static final long WATCH_PROBE_INTERVAL_MS = 1_000;

    private final PcapArpPort port;
    private final ArpResponder responder;
    private final ConflictWatch conflicts;
    private final ScheduledExecutorService arpRounds;
    private final ArpAnnouncer announcer;
    private final NetConfig net;
    private final Path stateDir;
    private DesiredState current;
    private TunnelSupervisor supervisor;
    private volatile Double rttMs;
    private final Thread pinger;
    private volatile boolean closed;

    Appliance(PcapArpPort port, Path stateDir) {
        this.port = port;
        this.responder = new ArpResponder(port.mac());
        this.conflicts = new ConflictWatch(port.mac(), System::currentTimeMillis);
        this.arpRounds = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arp-rounds");
            t.setDaemon(true);
            return t;
        });
        this.announcer = new ArpAnnouncer(port::send, port.mac(), arpRounds);
        arpRounds.scheduleWithFixedDelay(this::probeWatchedIps, WATCH_PROBE_INTERVAL_MS, WATCH_PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
        this.net = new NetConfig(Path.of("/proc/sys"));
        this.stateDir = stateDir;
        Thread arp = new Thread(() -> port.serve(responder, conflicts), "arp-responder");
        arp.setDaemon(true);
        arp.start();
        pinger = new Thread(this::measureRtt, "tunnel-rtt");
        pinger.setDaemon(true);
        pinger.start();
    }

    ArpResponder responder() {
        return responder;
    }

    synchronized ApplianceStatus apply(DesiredState d) throws IOException {
        Objects.requireNonNull(d.role(), "role");
        Set<Integer> failedOver = d.failedOver().stream().map(Ipv4::parse).collect(Collectors.toUnmodifiableSet());
        Set<String> previouslyFailedOver = current == null ? Set.of() : Set.copyOf(current.failedOver());

        // parsed before anything changes: a state that does not parse leaves the running tunnel as it is
        ProxiedSet set = d.arpMode() == ArpMode.KERNEL ? ProxiedSet.NONE
                : d.role() == NeaRole.TENANT ? ProxiedSet.tenantSide(failedOver)
                : ProxiedSet.providerSide(Ipv4Subnet.parse(d.subnet()), failedOver, Ipv4.parse(d.ownIp()));
        if (current == null || !Objects.equals(current.tunnel(), d.tunnel())) {
            restartTunnel(d);
        }
        // Provider first drops an IP from its set before the route changes: no window where both ends claim it.
        responder.setProxied(set);
        // the tenant NEA stands in for the failed-over IPs (kernel or pcap answering alike): anyone else claiming one is split brain
        conflicts.watch(d.role() == NeaRole.TENANT ? failedOver : Set.of());
        for (String ip : previouslyFailedOver) {
            if (!d.failedOver().contains(ip)) {
                announcer.withdraw(Ipv4.parse(ip));   // no late round of ours may claim an IP we no longer proxy
            }
        }
        net.apply(d);
        if (d.role() == NeaRole.TENANT) {
            d.failedOver().stream().filter(ip -> !previouslyFailedOver.contains(ip)).map(Ipv4::parse).forEach(ip -> {
                if (d.arpMode() == ArpMode.PCAP) {
                    announce(ip);
                }
                probeFor(ip);   // a machine that has a newly failed-over IP shows at once, not a round later
            });
        }
        // only now: an apply that failed above is done again in full when the portal retries, announcements included
        current = d;
        save(d);
        return status();
    }

    /** The new tunnel's files are written before the old tunnel stops: a disk that refuses them leaves the old one up. */
    private void restartTunnel(DesiredState d) throws IOException {
        TunnelConfig t = d.tunnel();
        if (t == null) {
            stopTunnel();
            return;
        }
        ensureStateDir();
        Path cert = stateDir.resolve("tunnel.crt");
        Path key = stateDir.resolve("tunnel.key");
        Files.writeString(cert, t.certPem());
        Files.deleteIfExists(key);
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, t.keyPem());
        Path clientConfigDir = stateDir.resolve("tunnel-clients");
        if (t.server()) {
            Files.createDirectories(clientConfigDir);
            Files.writeString(clientConfigDir.resolve(OpenVpnCommand.CLIENT_CONFIG_FILE), OpenVpnCommand.clientConfig(t));
        }
        RelayFailover relays = new RelayFailover(t);
        stopTunnel();   // its process read its files when it started: written over above, they are the new tunnel's
        TunnelSupervisor tunnel = new TunnelSupervisor(() -> relays.command(cert, key, clientConfigDir), Backoff.DEFAULT,
                this::reapplyRoutes, t.server());
        tunnel.onOutput(line -> {
            if (relays.relayGone(line)) {
                tunnel.restartNow();
            }
        });
        supervisor = tunnel;
        supervisor.start();
    }

    private void stopTunnel() {
        if (supervisor != null) {
            supervisor.stop();
            supervisor = null;
        }
    }

    /**
     * Under the appliance's lock, as {@link #apply}: routes read before an apply and written after it would put back
     * what that apply had just changed.
     */
    private synchronized void reapplyRoutes() {
        if (current != null && !closed) {
            net.interfacesChanged();   // tun0 is a new device now
            net.apply(current);   // 'route replace' for every route: the ones through the new tun0 come back
        }
    }

    /** Gratuitous ARP for {@code ip} at the NEA's own MAC ({@link ArpAnnouncer}: a few rounds). */
    void announce(int ip) {
        announcer.announce(ip, port.mac());
    }

    /**
     * Gratuitous ARP for {@code ip} at {@code owner} (the original VM on switch-back), sent from the NEA's own MAC;
     * works in both {@link ArpMode}s, the capture's send handle is always open.
     */
    void announce(int ip, MacAddress owner) {
        announcer.announce(ip, owner);
    }

    /**
     * Asks the LAN who else has each watched IP, with an RFC 5227 probe (sender 0.0.0.0: no cache learns from it). A
     * machine that has the IP answers and the watch sees the answer. So an original left running after a warning is
     * caught too, though it sends no ARP of its own while its neighbours' caches are warm, and a conflict ends once
     * the machine stops answering ({@link ConflictWatch#GONE_AFTER_MS}).
     */
    private void probeWatchedIps() {
        try {
            conflicts.watched().forEach(this::probeFor);
        } catch (RuntimeException e) {
            LOG.warning("could not probe the watched IPs this round: " + e);   // the next round tries again
        }
    }

    private void probeFor(int ip) {
        port.send(ArpFrame.probe(port.mac(), ip).toBytes());
    }

    /** RFC 5227 probes of {@code ips} in one window: one result per address, in that order. */
    List<ProbeResult> probe(List<Integer> ips, Duration window) throws Exception {
        return port.probe(ips, window);
    }

    synchronized ApplianceStatus status() {
        TunnelSupervisor s = supervisor;
        String dev = current != null && current.tunnel() != null ? current.tunnel().device() : null;
        Instant since = s == null ? null : s.upSince();
        return new ApplianceStatus(current == null ? null : current.role(), s != null && s.isUp(),
                s != null && s.isUp() ? rttMs : null,
                counter(dev, "rx_bytes"), counter(dev, "tx_bytes"), s == null ? 0 : s.restarts(),
                since == null ? null : since.toEpochMilli(),
                current == null ? List.of() : current.failedOver(),
                responder.answered(), responder.ignored(), responder.malformed(), s == null ? null : s.lastError(),
                s != null && s.isListening(), conflicts.conflicts());
    }

    Long tunnelPid() {
        TunnelSupervisor s = supervisor;
        return s == null ? null : s.pid();
    }

    private static long counter(String dev, String name) {
        if (dev == null) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(Path.of("/sys/class/net", dev, "statistics", name)).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private void measureRtt() {
        while (!closed) {
            try {
                Thread.sleep(2000);
                DesiredState d = current;
                TunnelSupervisor s = supervisor;
                if (d == null || d.tunnel() == null || s == null || !s.isUp()) {
                    rttMs = null;
                    continue;
                }
                Commands.Result r = Commands.run(List.of("ping", "-n", "-c", "1", "-W", "1", d.tunnel().peerTunnelIp()), null);
                Matcher m = PING_TIME.matcher(r.output());
                rttMs = m.find() ? Double.valueOf(m.group(1)) : null;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The saved state holds the tunnel's private key (OpenVPN needs it in clear on the NEA): owner-only. */
    private void save(DesiredState d) throws IOException {
        ensureStateDir();
        Path tmp = stateDir.resolve("desired.json.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, ControlProtocol.JSON.writeValueAsString(d));
        Files.move(tmp, stateDir.resolve("desired.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void ensureStateDir() throws IOException {
        if (!Files.isDirectory(stateDir)) {
            Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** The desired state saved by a previous run of this appliance, if any (an appliance restart resumes it). */
    static DesiredState loadSaved(Path stateDir) {
        Path f = stateDir.resolve("desired.json");
        try {
            return Files.exists(f) ? ControlProtocol.JSON.readValue(Files.readString(f), DesiredState.class) : null;
        } catch (IOException e) {
            LOG.warning("ignoring unreadable saved state " + f + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * Another process holding this appliance's certificate is connected and answers: this one is its copy (a cloned VM
     * or disk) and lets go of everything the saved state made it do. No tunnel (the provider NEA would drop the
     * original's session for it), no proxied or announced IP, routes and sysctls restored, and the saved state and
     * tunnel key forgotten, so that a restart of the copy does not take them up again. Should this process get in
     * later (the original gone), the portal sends it the state again.
     */
    synchronized void standDown() {
        if (current == null || closed) {
            return;
        }
        LOG.warning("another process with this appliance's certificate holds its control stream: this one is a copy and stands"
                + " down (no tunnel, no proxied IP, saved state forgotten) until the portal lets it in");
        if (supervisor != null) {
            supervisor.stop();
            supervisor = null;
        }
        responder.setProxied(ProxiedSet.NONE);
        conflicts.watch(Set.of());
        current.failedOver().forEach(ip -> announcer.withdraw(Ipv4.parse(ip)));
        net.remove(current);
        current = null;
        forgetSavedState();
    }

    /** Stops the tunnel, removes routes and restores sysctls; forgets the saved state (a deliberate stop). */
    @Override
    public synchronized void close() {
        if (halt()) {
            forgetSavedState();
        }
    }

    /**
     * Stops the tunnel, removes routes and restores sysctls, and keeps the saved state: the process ends without being
     * told to (a guest shutdown, a service restart), and its next start takes the state up again.
     *
     * @return false when it was stopped already
     */
    synchronized boolean halt() {
        if (closed) {
            return false;
        }
        closed = true;
        pinger.interrupt();
        arpRounds.shutdownNow();
        if (supervisor != null) {
            supervisor.stop();
            supervisor = null;
        }
        if (current != null) {
            net.remove(current);
        }
        port.close();
        return true;
    }

    private void forgetSavedState() {
        try {
            Files.deleteIfExists(stateDir.resolve("desired.json"));
            Files.deleteIfExists(stateDir.resolve("tunnel.key"));
        } catch (IOException e) {
            LOG.warning("could not forget the saved state in " + stateDir + ": " + e.getMessage());
        }
    }
}

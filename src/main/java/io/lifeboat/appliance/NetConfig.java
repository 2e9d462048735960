package io.lifeboat.appliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes and sysctls of ARCHITECTURE §5 inside the NEA's namespace/VM. Applied idempotently ({@code ip route
 * replace}), diffed against what this process applied before, removed again (and sysctls restored) on stop.
 */
final class NetConfig {

    static final String PROVIDER_LINK_LOCAL = "169.254.0.1";

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(NetConfig.class.getName());
    private final Path procSys;
    private final IpBatch ip = new IpBatch();
    private final Map<String, String> savedSysctls = new LinkedHashMap<>();
    private final Set<String> appliedRoutes = new LinkedHashSet<>();
    private String appliedAddress;

    NetConfig(Path procSys) {
        this.procSys = procSys;
    }

    /** The routes a desired state needs (as {@code ip route} arguments). Pure; unit tested. */
    static List<String> routesFor(DesiredState d) {
        List<String> routes = new ArrayList<>();
        String tun = d.tunnel() == null ? null : d.tunnel().device();
        if (d.role() == NeaRole.TENANT) {
            if (tun != null) {
                d.failedOver().forEach(ip -> routes.add(ip + "/32 dev " + tun));
            }
        } else {
            // replicas live on the segment: on-link /32, answered from the link-local address
            d.failedOver().forEach(ip -> routes.add(ip + "/32 dev " + d.lanInterface() + " scope link src " + d.ownIp()));
            if (tun != null) {
                routes.add(Ipv4Subnet.parse(d.subnet()) + " dev " + tun);
                // "everything else into the tunnel" without deleting a default route the uplink may need
                routes.add("0.0.0.0/1 dev " + tun);
                routes.add("128.0.0.0/1 dev " + tun);
            }
        }
        return routes;
    }

    /** Sysctls of §5: forwarding on, kernel proxy_arp off (ours answers) unless in KERNEL mode, rp_filter off. */
    static Map<String, String> sysctlsFor(DesiredState d) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("net/ipv4/ip_forward", "1");
        s.put("net/ipv4/conf/all/proxy_arp", "0");
        s.put("net/ipv4/conf/" + d.lanInterface() + "/proxy_arp", d.arpMode() == ArpMode.KERNEL ? "1" : "0");
        s.put("net/ipv4/conf/all/rp_filter", "0");
        s.put("net/ipv4/conf/default/rp_filter", "0");
        s.put("net/ipv4/conf/" + d.lanInterface() + "/rp_filter", "0");
        return s;
    }

    synchronized void apply(DesiredState d) {
        sysctlsFor(d).forEach(this::writeSysctl);
        List<String> batch = new ArrayList<>();
        if (d.role() == NeaRole.PROVIDER && !(d.ownIp() + "/32").equals(appliedAddress)) {
            batch.add("address replace " + d.ownIp() + "/32 dev " + d.lanInterface());
            appliedAddress = d.ownIp() + "/32";
        }
        Set<String> wanted = new LinkedHashSet<>(routesFor(d));
        for (String old : appliedRoutes) {
            if (!wanted.contains(old)) {
                batch.add("route del " + old);
            }
        }
        wanted.forEach(r -> batch.add("route replace " + r));
        appliedRoutes.clear();
        appliedRoutes.addAll(wanted);
        if (!ipBatch(batch).isEmpty()) {
            // which line failed is not told: the address is replaced again next time (cheap), else every provider route
            // 'src <ownIp>' would be refused for as long as the process lives
            appliedAddress = null;
        }
    }

    /** A long-running {@code ip -batch} caches interface indexes: after tun0 was re-created it must start afresh. */
    void interfacesChanged() {
        ip.close();
    }

    /** Removes what {@link #apply} added and restores the sysctls it changed. */
    synchronized void remove(DesiredState d) {
        List<String> batch = new ArrayList<>();
        appliedRoutes.forEach(r -> batch.add("route del " + r));
        appliedRoutes.clear();
        appliedAddress = null;
        ipBatch(batch);
        savedSysctls.forEach(this::writeRaw);
        savedSysctls.clear();
        ip.close();
    }

    /** The error lines; expected ones (a route whose tun0 is not there yet, re-added when it comes up) among them. */
    private List<String> ipBatch(List<String> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        // -force: keep going past a route whose tun0 is not there yet; it is re-added when the tunnel comes up
        List<String> errors = ip.run(lines);
        if (!errors.isEmpty()) {
            LOG.fine(() -> "ip: " + errors);
        }
        return errors;
    }

    private void writeSysctl(String key, String value) {
        Path p = procSys.resolve(key);
        if (!Files.exists(p)) {
            return;
        }
        try {
            String current = Files.readString(p).trim();
            savedSysctls.putIfAbsent(key, current);
            if (!current.equals(value)) {
                Files.writeString(p, value);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot set sysctl " + key + ": " + e.getMessage(), e);
        }
    }

    private void writeRaw(String key, String value) {
        try {
            Files.writeString(procSys.resolve(key), value);
        } catch (IOException ignored) {
            // the interface may already be gone
        }
    }
}

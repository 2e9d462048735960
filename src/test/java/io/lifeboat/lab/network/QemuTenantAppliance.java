package io.lifeboat.lab.network;

import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.network.ApplianceRuntime;
import io.lifeboat.network.NeaPlacement;
import io.lifeboat.network.TenantNetworkRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tenant NEA as the appliance image booted under QEMU in place of the lab's namespace agent; the provider NEA stays
 * the lab's ({@link PoweredOnAppliances}). The VM's first NIC is a TAP on the tenant LAN's bridge (created in the switch
 * namespace, where QEMU runs), its second a TAP on a small bridge in that namespace joined by a veth to the first Cloud
 * Gateway's link {@code t<i>} (what the lab's uplink veth would be). The second gateway's link joins that bridge too,
 * with the address its relay listens on, but the VM dials the first only (one uplink address, one control route). Its configuration goes in through QEMU's fw_cfg, as
 * guestinfo does on vSphere; the VM boots from a copy-on-write overlay, so the cached image stays as built.
 */
public final class QemuTenantAppliance implements ApplianceRuntime, AutoCloseable {

    private static final String LAN_TAP = "vm-lan";
    private static final String UPLINK_TAP = "vm-up";
    private static final String UPLINK_BRIDGE = "vm-upbr";
    private static final String UPLINK_VETH = "vm-upgw";

    private final LabNetwork lab;
    private final PoweredOnAppliances provider;
    private final EnrolmentTokens tokens;
    private final Path image;
    private final Path workDir;
    private final int site;
    private final boolean kvm;
    private final Duration bootTimeout;
    private Process qemu;
    private String switchNs;

    /**
     * @param site the tenant's index in the lab (1 for the first tenant added): names its link to the gateway
     * @param kvm  false runs QEMU under TCG (minutes to boot, for a machine without /dev/kvm)
     */
    public QemuTenantAppliance(LabNetwork lab, EnrolmentTokens tokens, Path image, Path workDir, int site, boolean kvm, Duration bootTimeout) {
        this.lab = lab;
        this.provider = new PoweredOnAppliances(lab, tokens);
        this.tokens = tokens;
        this.image = image;
        this.workDir = workDir;
        this.site = site;
        this.kvm = kvm;
        this.bootTimeout = bootTimeout;
    }

    @Override
    public NeaPlacement placement(TenantNetworkRef ref, NeaRole role) {
        return lab.placement(ref, role);
    }

    @Override
    public synchronized ApplianceClient start(TenantNetworkRef ref, NeaRole role, Duration timeout) {
        if (role == NeaRole.PROVIDER) {
            return provider.start(ref, role, timeout);
        }
        if (qemu == null || !qemu.isAlive()) {
            boot(ref);
        }
        return lab.awaitExternalAppliance(ref, role, bootTimeout);
    }

    @Override
    public boolean isRunning(TenantNetworkRef ref, NeaRole role) {
        return role == NeaRole.PROVIDER ? provider.isRunning(ref, role) : qemu != null && qemu.isAlive();
    }

    @Override
    public synchronized void stop(TenantNetworkRef ref, NeaRole role) {
        if (role == NeaRole.PROVIDER) {
            provider.stop(ref, role);
        } else {
            powerOff();
        }
    }

    /** What the VM wrote to its serial console so far (kernel, systemd, the boot step, the agent). */
    public String console() {
        try {
            Path log = workDir.resolve("console.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Powers the VM off and removes its TAPs, bridge and veth; safe to call twice. */
    @Override
    public synchronized void close() {
        powerOff();
        if (switchNs != null && Netns.exists(switchNs)) {
            List<String> links = new ArrayList<>(List.of(LAN_TAP, UPLINK_TAP, UPLINK_VETH, UPLINK_BRIDGE));
            lab.gateways().forEach(g -> links.add(UPLINK_VETH + g.number()));
            for (String link : links) {   // a veth goes with its peer in the gateway's namespace
                Netns.exec(switchNs, false, "ip", "link", "del", link);
            }
        }
        switchNs = null;
    }

    private void powerOff() {
        if (qemu != null) {
            qemu.destroyForcibly();
            try {
                qemu.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            qemu = null;
        }
        try {
            Files.deleteIfExists(workDir.resolve("disk.qcow2"));   // what the VM wrote; its console log stays for a look
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void boot(TenantNetworkRef ref) {
        try {
            Files.createDirectories(workDir);
            close();
            switchNs = lab.namespace(ref.tenant(), "sw-lan");
            LabGateway gateway = lab.gateways().get(0);
            String net = gateway.tenantNet(site);
            Netns.in(switchNs, "tuntap", "add", "dev", LAN_TAP, "mode", "tap");
            Netns.in(switchNs, "link", "set", LAN_TAP, "master", "br0", "up");
            Netns.in(switchNs, "link", "add", UPLINK_BRIDGE, "type", "bridge");
            Netns.in(switchNs, "link", "set", UPLINK_BRIDGE, "up");
            Netns.in(switchNs, "tuntap", "add", "dev", UPLINK_TAP, "mode", "tap");
            Netns.in(switchNs, "link", "set", UPLINK_TAP, "master", UPLINK_BRIDGE, "up");
            Netns.in(switchNs, "link", "add", UPLINK_VETH, "type", "veth", "peer", "name", "t" + site, "netns", gateway.namespace());
            Netns.in(switchNs, "link", "set", UPLINK_VETH, "master", UPLINK_BRIDGE, "up");
            Netns.in(gateway.namespace(), "addr", "add", net + ".1/24", "dev", "t" + site);
            Netns.in(gateway.namespace(), "link", "set", "t" + site, "up");
            // the VM dials the first gateway only; the others get the address their relay listens on, reached by nobody
            for (LabGateway other : lab.gateways().subList(1, lab.gateways().size())) {
                String veth = UPLINK_VETH + other.number();
                Netns.in(switchNs, "link", "add", veth, "type", "veth", "peer", "name", "t" + site, "netns", other.namespace());
                Netns.in(switchNs, "link", "set", veth, "master", UPLINK_BRIDGE, "up");
                Netns.in(other.namespace(), "addr", "add", other.tenantNet(site) + ".1/24", "dev", "t" + site);
                Netns.in(other.namespace(), "link", "set", "t" + site, "up");
            }

            Path conf = workDir.resolve("appliance.conf");
            Files.writeString(conf, applianceConf(ref, net, gateway));
            Path disk = workDir.resolve("disk.qcow2");
            Files.deleteIfExists(disk);
            run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", image.toAbsolutePath().toString(), disk.toString()));
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", switchNs, "qemu-system-x86_64",
                    "-name", "lifeboat-nea-" + ref.tenant(), "-nodefaults", "-display", "none", "-vga", "none",
                    "-accel", kvm ? "kvm" : "tcg", "-cpu", kvm ? "host" : "max", "-smp", "1", "-m", "512",
                    "-drive", "file=" + disk + ",if=virtio,format=qcow2",
                    "-netdev", "tap,id=lan,ifname=" + LAN_TAP + ",script=no,downscript=no", "-device", "virtio-net-pci,netdev=lan",
                    "-netdev", "tap,id=up,ifname=" + UPLINK_TAP + ",script=no,downscript=no", "-device", "virtio-net-pci,netdev=up",
                    "-fw_cfg", "name=opt/lifeboat/appliance.conf,file=" + conf,
                    "-fw_cfg", "name=opt/lifeboat/gateway-ca.pem,file=" + lab.gatewayCa(),
                    "-serial", "file:" + workDir.resolve("console.log")));
            qemu = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("qemu.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration a clone's guestinfo would carry, in the appliance.conf form the image's boot step reads. */
    private String applianceConf(TenantNetworkRef ref, String uplinkNet, LabGateway gateway) {
        String id = ref.applianceId(NeaRole.TENANT);
        NeaPlacement lan = lab.placement(ref, NeaRole.TENANT);
        return String.join("\n",
                "LIFEBOAT_IFACE=" + lan.lanInterface(),
                "LIFEBOAT_GATEWAY=" + String.join(",", lab.gateways().stream().map(LabGateway::controlEndpoint).toList()),
                "LIFEBOAT_GATEWAY_CA=/etc/lifeboat/gateway-ca.pem",
                "LIFEBOAT_APPLIANCE_ID=" + id,
                "LIFEBOAT_ENROLMENT_TOKEN=" + tokens.issue(id, bootTimeout.plusMinutes(5)),
                "LIFEBOAT_LAN_ADDRESS=" + lan.ownIp() + "/" + ref.parsedSubnet().prefixLength(),
                "LIFEBOAT_LAN_ROUTER=" + ref.gateway(),
                "LIFEBOAT_UPLINK_ADDRESS=" + uplinkNet + ".2/24",
                "LIFEBOAT_UPLINK_ROUTES=\"" + gateway.controlAddress() + "/32 via " + uplinkNet + ".1\"", "");
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

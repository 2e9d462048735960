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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The tenant NEA as the appliance image booted under QEMU in place of the lab's namespace agent; the provider NEA stays
 * the lab's ({@link PoweredOnAppliances}). The VM has one NIC, a TAP on the tenant LAN's bridge (created in the switch
 * namespace, where QEMU runs): as the lab's tenant NEA, it reaches both Cloud Gateways only through the tenant's router
 * and its NAT (ADR 0006 step 3). Its configuration goes in through QEMU's fw_cfg, as guestinfo does on vSphere; the VM
 * boots from a copy-on-write overlay, so the cached image stays as built.
 */
public final class QemuTenantAppliance implements ApplianceRuntime, AutoCloseable {

    private static final String LAN_TAP = "vm-lan";
    /**
     * The host's CPU without IA32_ARCH_CAPABILITIES: under nested KVM on AMD EPYC, QEMU 7.2 aborts at start ("failed to
     * set MSR 0x10a") when it passes that register on; the guest needs none of it.
     */
    private static final String HOST_CPU = "host,-arch-capabilities";

    private final LabNetwork lab;
    private final PoweredOnAppliances provider;
    private final EnrolmentTokens tokens;
    private final Path image;
    private final Path workDir;
    private final boolean kvm;
    private final Duration bootTimeout;
    private Process qemu;
    private String switchNs;

    /** @param kvm false runs QEMU under TCG (minutes to boot, for a machine without /dev/kvm) */
    public QemuTenantAppliance(LabNetwork lab, EnrolmentTokens tokens, Path image, Path workDir, boolean kvm, Duration bootTimeout) {
        this.lab = lab;
        this.provider = new PoweredOnAppliances(lab, tokens);
        this.tokens = tokens;
        this.image = image;
        this.workDir = workDir;
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
    public Set<String> connectedApplianceIds() {
        return lab.connectedApplianceIds();
    }

    /** The VM's agent dials the lab's gateways as the lab's own agents do, so the lab sees it (re)connect. */
    @Override
    public void onApplianceConnected(BiConsumer<Long, NeaRole> listener) {
        lab.onApplianceConnected(listener);
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

    /** Powers the VM off and removes its TAP; safe to call twice. */
    @Override
    public synchronized void close() {
        powerOff();
        if (switchNs != null && Netns.exists(switchNs)) {
            Netns.exec(switchNs, false, "ip", "link", "del", LAN_TAP);
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
            switchNs = lab.namespace(lab.siteKey(ref), "sw-lan");
            Netns.in(switchNs, "tuntap", "add", "dev", LAN_TAP, "mode", "tap");
            Netns.in(switchNs, "link", "set", LAN_TAP, "master", "br0", "up");

            Path conf = workDir.resolve("appliance.conf");
            Files.writeString(conf, applianceConf(ref));
            Path disk = workDir.resolve("disk.qcow2");
            Files.deleteIfExists(disk);
            run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", image.toAbsolutePath().toString(), disk.toString()));
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", switchNs, "qemu-system-x86_64",
                    "-name", "lifeboat-nea-" + ref.tenant(), "-nodefaults", "-display", "none", "-vga", "none",
                    "-accel", kvm ? "kvm" : "tcg", "-cpu", kvm ? HOST_CPU : "max", "-smp", "1", "-m", "512",
                    "-drive", "file=" + disk + ",if=virtio,format=qcow2",
                    "-netdev", "tap,id=lan,ifname=" + LAN_TAP + ",script=no,downscript=no", "-device", "virtio-net-pci,netdev=lan",
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
    private String applianceConf(TenantNetworkRef ref) {
        String id = ref.applianceId(NeaRole.TENANT);
        NeaPlacement lan = lab.placement(ref, NeaRole.TENANT);
        return String.join("\n",
                "LIFEBOAT_IFACE=" + lan.lanInterface(),
                "LIFEBOAT_GATEWAY=" + String.join(",", lab.gateways().stream().map(LabGateway::controlEndpoint).toList()),
                "LIFEBOAT_GATEWAY_CA=/etc/lifeboat/gateway-ca.pem",
                "LIFEBOAT_APPLIANCE_ID=" + id,
                "LIFEBOAT_ENROLMENT_TOKEN=" + tokens.issue(id, bootTimeout.plusMinutes(5)),
                "LIFEBOAT_LAN_ADDRESS=" + lan.ownIp() + "/" + ref.parsedSubnet().prefixLength(),
                "LIFEBOAT_LAN_ROUTER=" + ref.gateway(), "");
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

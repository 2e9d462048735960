package io.lifeboat.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifeboat.SecondLane;
import io.lifeboat.pki.ApplianceCertificates;
import io.lifeboat.Readme;
import io.lifeboat.appliance.ArpMode;
import io.lifeboat.appliance.NeaRole;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.lab.network.JavaLauncher;
import io.lifeboat.lab.network.LabNetwork;
import io.lifeboat.lab.network.LabNetwork.Side;
import io.lifeboat.lab.network.LabTestSupport;
import io.lifeboat.lab.network.QemuTenantAppliance;
import io.lifeboat.network.NetworkExtension;
import io.lifeboat.network.TenantNetworkRef;
import io.lifeboat.network.TunnelStatus;
import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.pki.TunnelCredentialStore;
import io.lifeboat.pki.TunnelPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The appliance image booted for real: src/appliance-image/build.sh builds it from the agent's package (or reuses the
 * cached build), QEMU/KVM boots it as the tenant NEA on the lab's tenant LAN bridge with its configuration in fw_cfg,
 * and it enrols with the lab's control server and carries the failed-over replica's ping (TTL 62). Needs /dev/kvm;
 * {@code LIFEBOAT_IMAGE_TCG=1} runs it under QEMU's emulation instead (minutes, by hand only).
 */
@Tag("netns")
@SecondLane
class ApplianceImageTest {

    private static final boolean TCG = "1".equals(System.getenv("LIFEBOAT_IMAGE_TCG"));
    static final String README_SECTION = "### The appliance template from the image";
    /** What build.sh and the boot need; without them the test is skipped and says so (./lifeboat test does not install them). */
    private static final String IMAGE_PACKAGES = "mmdebstrap qemu-system-x86 qemu-utils syslinux syslinux-common mtools dosfstools e2fsprogs fdisk";
    private static final TenantNetworkRef ACME = new TenantNetworkRef(1, "acme", "192.168.60.0/24", "192.168.60.1", 3001);

    @Test
    void the_appliance_image_boots_under_qemu_enrols_and_carries_a_ping_with_ttl_62() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/dev/kvm")) || TCG, "no /dev/kvm on this machine: the appliance image is booted "
                + "under QEMU/KVM only. Run it on a host with KVM, or here under emulation (slow, minutes): "
                + "LIFEBOAT_IMAGE_TCG=1 mvn -B test -Dtest=ApplianceImageTest");
        assumeTrue(LabNetwork.isRoot(), "the appliance image test needs root (namespaces, TAPs, mmdebstrap): skipped");
        for (String tool : List.of("/usr/bin/mmdebstrap", "/usr/bin/qemu-system-x86_64", "/usr/bin/qemu-img", "/usr/bin/syslinux", "/usr/sbin/sfdisk",
                "/usr/sbin/mke2fs")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), "the appliance image test needs " + tool + ": apt-get install " + IMAGE_PACKAGES);
        }
        DebianPackages.deb(DebianPackages.APPLIANCE);
        Path built = buildImage();
        assertThat(ovaEntries(built.resolve("lifeboat-appliance.ova")))
                .as("OVA order: descriptor, manifest, disk").containsExactly("lifeboat-appliance.ovf", "lifeboat-appliance.mf", "lifeboat-appliance-disk1.vmdk");

        Duration bootTimeout = TCG ? Duration.ofMinutes(20) : Duration.ofMinutes(3);
        EnrolmentTokens tokens = new EnrolmentTokens();
        LabTestSupport.sweepStaleTestRuns();
        String prefix = LabTestSupport.uniquePrefix();
        Path run = LabTestSupport.runDir(prefix);
        LabNetwork lab = LabNetwork.start(prefix, run, JavaLauncher.current(), new ApplianceCertificates(), tokens);
        QemuTenantAppliance vm = new QemuTenantAppliance(lab, tokens, built.resolve("lifeboat-appliance.raw"), run.resolve("vm"), !TCG, bootTimeout);
        try {
            lab.addTenant(ACME);
            TunnelCredentialStore store = new TunnelCredentialStore(run.resolve("pki"),
                    PrivateKeySealer.fromKeyFile(run.resolve("pki/master.key")), new TunnelPki());
            NetworkExtension extension = new NetworkExtension(vm, lab, store, new NetworkExtension.Options(bootTimeout, true, ArpMode.PCAP));

            Instant powerOn = Instant.now();
            TunnelStatus up = extension.ensureUp(ACME);
            System.out.println("[appliance image] " + (TCG ? "TCG" : "KVM") + ": powered on -> enrolled, tunnel up in "
                    + Duration.between(powerOn, Instant.now()).toSeconds() + " s");
            lab.addVmHost("acme", Side.PROVIDER_SEGMENT, "web-02-replica", "192.168.60.11");
            extension.addFailedOverIp(ACME, "192.168.60.11");
            Optional<Instant> reachable = lab.firstReplyFromTenantLan(ACME, "192.168.60.11", TCG ? Duration.ofSeconds(120) : Duration.ofSeconds(20));

            assertThat(up.up()).isTrue();
            assertThat(vm.console()).contains("configuration from QEMU fw_cfg");
            assertThat(reachable).as("the replica answers the tenant LAN through the VM").isPresent();
            Optional<Integer> ttl = LabTestSupport.pingTtl(lab.namespace("acme", "client"), "192.168.60.11", 5);
            System.out.println("[appliance image] ping from the tenant LAN to the replica: TTL " + ttl.orElse(null));
            assertThat(ttl).contains(62);

            agentShutDownWhileItsVmStaysOn(lab);
            assertThat(lab.firstReplyFromTenantLan(ACME, "192.168.60.11", TCG ? Duration.ofSeconds(300) : Duration.ofSeconds(60)))
                    .as("systemd started the agent again, and the portal re-sent its state when it dialled in").isPresent();
        } catch (AssertionError | RuntimeException e) {
            System.out.println("[appliance image] the VM's console:\n" + tail(vm.console(), 6000));
            throw e;
        } finally {
            vm.close();
            lab.teardown();
        }
        assertThat(LabTestSupport.namespaces()).noneMatch(ns -> ns.startsWith(prefix + "-"));
    }

    /**
     * The portal's {@code shutdown} ends the agent with 0, then the portal powers the VM off. When that power-off fails,
     * the VM stays on: its unit must start the agent again, or the network's next failover waits for one in vain.
     */
    private static void agentShutDownWhileItsVmStaysOn(LabNetwork lab) throws Exception {
        try {
            lab.awaitExternalAppliance(ACME, NeaRole.TENANT, Duration.ofSeconds(5)).shutdown();
        } catch (java.io.IOException e) {
            System.out.println("[appliance image] the agent exited before its answer left: " + e.getMessage());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (lab.isRunning(ACME, NeaRole.TENANT)) {
            assertThat(System.nanoTime()).as("the agent's stream closed after its shutdown").isLessThan(deadline);
            Thread.sleep(100);
        }
        Instant shutDown = Instant.now();
        lab.awaitExternalAppliance(ACME, NeaRole.TENANT, TCG ? Duration.ofMinutes(5) : Duration.ofSeconds(60));
        System.out.println("[appliance image] the agent dialled in again " + Duration.between(shutDown, Instant.now()).toMillis()
                + " ms after its shutdown");
    }

    /**
     * Runs the README's build command exactly as written (it names the package the debian profile just wrote); the
     * script's last line is the cached output directory.
     */
    private static Path buildImage() {
        String command = Readme.commandIn(README_SECTION, "src/appliance-image/build.sh");
        List<String> out = DebianPackages.run(Path.of("."), Duration.ofMinutes(30), "bash", "-c", command).lines().toList();
        return Path.of(out.get(out.size() - 1).trim());
    }

    private static List<String> ovaEntries(Path ova) {
        return DebianPackages.run(Path.of("."), Duration.ofMinutes(1), "tar", "-tf", ova.toString()).lines().toList();
    }

    private static String tail(String text, int chars) {
        return text.length() <= chars ? text : text.substring(text.length() - chars);
    }
}

package io.lifeboat.network.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.appliance.NeaRole;
import io.lifeboat.network.ApplianceResources;
import io.lifeboat.network.NeaCertificate;
import io.lifeboat.network.TunnelInfo;
import io.lifeboat.network.TunnelStatus;
import io.lifeboat.ui.Formats;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a network's line says: about its tenant NEA when no VM is failed over (the setting, and whether vCenter runs
 * it), about its tunnel while it is up, and when its NEAs' control certificates expire.
 */
class TunnelGridTest {

    @Test
    void a_network_that_does_not_keep_its_tenant_nea_reads_as_before() {
        assertThat(TunnelGrid.describe(idle(false, ApplianceResources.NONE))).isEqualTo("not extended (no VM failed over)");
    }

    @Test
    void a_kept_tenant_nea_that_runs_says_a_failover_boots_only_the_provider_nea() {
        assertThat(TunnelGrid.describe(idle(true, new ApplianceResources(1, 1, 512))))
                .isEqualTo("not extended (no VM failed over); tenant NEA kept running, so a failover boots only the provider NEA");
    }

    @Test
    void a_kept_tenant_nea_that_vcenter_shows_off_is_not_claimed_to_run() {
        assertThat(TunnelGrid.describe(idle(true, ApplianceResources.NONE)))
                .endsWith("; tenant NEA kept running, but off now: Lifeboat powers it on again within a minute");
    }

    @Test
    void a_kept_tenant_nea_whose_agent_is_not_connected_is_not_claimed_to_be_ready() {
        TunnelInfo silent = new TunnelInfo(1, "ACME Corporation", 7, "LAN (192.168.60.0/24, VLAN 3001)", null, List.of(), -1, -1, null,
                new ApplianceResources(1, 1, 512), true, false, List.of());
        assertThat(TunnelGrid.describe(silent)).endsWith("; tenant NEA kept running, its VM on but its agent not connected yet (booting;"
                + " if it stays silent, Lifeboat restarts its VM after a few minutes)");
    }

    @Test
    void an_extended_network_says_when_its_tunnel_came_up_and_which_ips_it_extends() {
        TunnelStatus up = new TunnelStatus(true, 0.4, 84, 132, 0, Instant.now().minusSeconds(90));
        TunnelInfo extended = new TunnelInfo(1, "ACME Corporation", 7, "LAN (192.168.60.0/24, VLAN 3001)", up, List.of("192.168.60.11"),
                3_072, 40, null, new ApplianceResources(2, 2, 1024), false, false, List.of());
        assertThat(TunnelGrid.describe(extended)).startsWith("VPN tunnel came up 1 min ago, RTT ").endsWith(" · extended: 192.168.60.11");
    }

    @Test
    void a_tunnel_up_before_its_first_vm_or_its_grace_period_names_no_empty_list() {
        TunnelStatus up = new TunnelStatus(true, null, 0, 0, 0, Instant.now());
        TunnelInfo warming = new TunnelInfo(1, "ACME Corporation", 7, "LAN (192.168.60.0/24, VLAN 3001)", up, List.of(), -1, -1, null,
                new ApplianceResources(2, 2, 1024), false, false, List.of());
        assertThat(TunnelGrid.describe(warming)).isEqualTo("VPN tunnel came up 0 s ago, 0 B in / 0 B out · no VM failed over yet");
    }

    @Test
    void each_running_neas_certificate_expiry_is_shown_and_one_not_renewed_or_expired_says_so() {
        Instant later = Instant.parse("2027-11-30T10:00:00Z");
        Instant soon = Instant.parse("2026-12-20T10:00:00Z");
        assertThat(TunnelGrid.certificates(List.of())).as("no NEA connected yet").isEmpty();
        assertThat(TunnelGrid.certificates(List.of(new NeaCertificate(NeaRole.PROVIDER, later, false, false, "nea-lan-7-provider"),
                new NeaCertificate(NeaRole.TENANT, soon, true, false, "nea-lan-7-tenant"))))
                .isEqualTo(" · control certificates: provider NEA valid until " + Formats.minute(later) + ", tenant NEA valid until "
                        + Formats.minute(soon) + " (not renewed)");
        assertThat(TunnelGrid.certificates(List.of(new NeaCertificate(NeaRole.TENANT, soon, false, true, "nea-lan-7-tenant"))))
                .isEqualTo(" · control certificates: tenant NEA expired on " + Formats.minute(soon) + " (refused by the gateway until it enrols again)");
    }

    private static TunnelInfo idle(boolean kept, ApplianceResources running) {
        return new TunnelInfo(1, "ACME Corporation", 7, "LAN (192.168.60.0/24, VLAN 3001)", null, List.of(), -1, -1, null, running, kept, kept, List.of());
    }
}

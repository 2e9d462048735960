package io.lifeboat.network.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.network.ApplianceResources;
import io.lifeboat.network.TunnelInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a network's line says about its tenant NEA when no VM is failed over: the setting, and whether vCenter runs it. */
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
                new ApplianceResources(1, 1, 512), true, false);
        assertThat(TunnelGrid.describe(silent)).endsWith("; tenant NEA kept running, its VM on but its agent not connected yet (booting;"
                + " if it stays silent, Lifeboat restarts its VM after a few minutes)");
    }

    private static TunnelInfo idle(boolean kept, ApplianceResources running) {
        return new TunnelInfo(1, "ACME Corporation", 7, "LAN (192.168.60.0/24, VLAN 3001)", null, List.of(), -1, -1, null, running, kept, kept);
    }
}

package io.lifeboat.network.ui;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.lifeboat.network.ApplianceResources;
import io.lifeboat.network.NeaCertificate;
import io.lifeboat.network.TunnelInfo;
import io.lifeboat.ui.Formats;
import java.time.Instant;
import java.util.List;

/**
 * One line per tenant network: extended or not, tunnel up since when, RTT, traffic, restarts, what its NEA VMs use and
 * when their control certificates expire; for a tenant's operator, whether the network keeps its tenant NEA running.
 */
public class TunnelGrid extends Div {

    /** What ticking "Keep the tenant NEA running" of a network does. */
    @FunctionalInterface
    public interface KeepTenantNeaToggle {
        void keepRunning(TunnelInfo network, boolean keep);
    }

    public TunnelGrid(List<TunnelInfo> tunnels, String unavailableReason, boolean showTenant) {
        this(tunnels, unavailableReason, showTenant, null);
    }

    /** With a {@code toggle} (a tenant's operator), each line offers to keep its tenant NEA running; null shows the setting only. */
    public TunnelGrid(List<TunnelInfo> tunnels, String unavailableReason, boolean showTenant, KeepTenantNeaToggle toggle) {
        setId("tunnel-summary");
        if (unavailableReason != null) {
            Span note = new Span("Networks are not extended on this portal: " + unavailableReason);
            note.addClassName("lb-warning");
            add(new Div(note));
            return;
        }
        for (TunnelInfo tunnel : tunnels) {
            Div line = new Div(new Span((showTenant ? tunnel.tenant() + " · " : "") + tunnel.network() + ": " + describe(tunnel)
                    + (tunnel.status() == null && !tunnel.tenantNeaKeptRunning() ? "" : " · NEA appliances: " + appliances(tunnel.appliances()))
                    + certificates(tunnel.neaCertificates())));
            line.getElement().setAttribute("data-tunnel", tunnel.warm() ? "WARM" : tunnel.up() ? "UP" : tunnel.status() == null ? "IDLE" : "DOWN");
            line.getElement().setAttribute("data-tenant-nea", tunnel.tenantNeaKeptRunning() ? "KEPT" : "ON-DEMAND");
            if (toggle != null) {
                line.add(keepToggle(tunnel, toggle));
            }
            add(line);
        }
    }

    private static Checkbox keepToggle(TunnelInfo tunnel, KeepTenantNeaToggle toggle) {
        Checkbox keep = new Checkbox("Keep the tenant NEA running", tunnel.tenantNeaKeptRunning());
        keep.setId("keep-tenant-nea-" + tunnel.networkId());
        keep.setTooltipText("The tenant NEA of " + tunnel.network() + " then runs on your hosts between failovers (one small VM), and a failover"
                + " started without the wizard (API, automation, schedule) boots only the provider NEA: it is reachable sooner, and it"
                + " fails over even while your vCenter is down or does not answer.");
        keep.addValueChangeListener(change -> {
            if (change.isFromClient()) {
                toggle.keepRunning(tunnel, change.getValue());
            }
        });
        return keep;
    }

    /** e.g. "2 VMs, 2 vCPU, 1 GiB": what running NEA VMs use; null means vCenter could not be read. */
    public static String appliances(ApplianceResources used) {
        if (used == null) {
            return "unknown (vCenter could not be read)";
        }
        if (used.vms() == 0) {
            return "none running";
        }
        return used.vms() + (used.vms() == 1 ? " VM, " : " VMs, ") + used.cpus() + " vCPU, " + Formats.memory(used.memoryMb());
    }

    /**
     * e.g. " · control certificates: provider NEA valid until 2027-12-01 10:00, tenant NEA valid until 2026-12-20 10:00
     * (not renewed)"; empty before any NEA of the network connected. Each NEA renews its own (ADR 0014).
     */
    static String certificates(List<NeaCertificate> certificates) {
        if (certificates.isEmpty()) {
            return "";
        }
        return " · control certificates: " + String.join(", ", certificates.stream().map(c -> c.role().label()
                + (c.expired() ? " expired on " + Formats.minute(c.expires()) + " (refused by the gateway until it enrols again)"
                : " valid until " + Formats.minute(c.expires()) + (c.notRenewed() ? " (not renewed)" : ""))).toList());
    }

    /**
     * Whether the kept tenant NEA runs now, as vCenter says (it may be off after its site restarted, until the next
     * check), and whether its agent is connected (not while its VM boots, nor while its guest hangs).
     */
    private static String keptTenantNea(ApplianceResources running, boolean connected) {
        if (running != null && running.vms() == 0) {
            return "; tenant NEA kept running, but off now: Lifeboat powers it on again within a minute";
        }
        return connected ? "; tenant NEA kept running, so a failover boots only the provider NEA"
                : "; tenant NEA kept running, its VM on but its agent not connected yet (booting; if it stays silent, Lifeboat restarts"
                        + " its VM after a few minutes)";
    }

    static String describe(TunnelInfo tunnel) {
        if (tunnel.status() == null) {
            return "not extended (no VM failed over)"
                    + (tunnel.tenantNeaKeptRunning() ? keptTenantNea(tunnel.appliances(), tunnel.tenantNeaConnected()) : "");
        }
        if (tunnel.warm()) {
            return "warm, no VM failed over: both NEA VMs running and the VPN tunnel " + (tunnel.up() ? "up" : "reconnecting")
                    + " so a next failover is instant; let go at " + Formats.time(tunnel.idleUntil()) + " unless a VM fails over"
                    + (tunnel.relayBytes() >= 0 ? ", gateway relayed " + Formats.bytes(tunnel.relayBytes()) : "");
        }
        if (!tunnel.up()) {
            return "VPN tunnel DOWN, reconnecting (" + String.join(", ", tunnel.failedOverIps()) + " failed over)";
        }
        return "VPN tunnel came up " + Formats.since(tunnel.status().since(), Instant.now())
                + (tunnel.status().rttMs() == null ? "" : ", RTT " + Formats.millis(tunnel.status().rttMs()))
                + ", " + Formats.bytes(tunnel.status().bytesIn()) + " in / " + Formats.bytes(tunnel.status().bytesOut()) + " out"
                + (tunnel.status().restarts() > 0 ? ", " + tunnel.status().restarts() + " restarts" : "")
                + (tunnel.relayBytes() >= 0 ? ", gateway relayed " + Formats.bytes(tunnel.relayBytes()) : "")
                // up with nothing failed over and no grace period yet: warming up, or the first VM on its way
                + (tunnel.failedOverIps().isEmpty() ? " · no VM failed over yet" : " · extended: " + String.join(", ", tunnel.failedOverIps()));
    }
}

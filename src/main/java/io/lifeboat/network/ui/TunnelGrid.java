package io.lifeboat.network.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.lifeboat.network.ApplianceResources;
import io.lifeboat.network.TunnelInfo;
import io.lifeboat.ui.Formats;
import java.time.Instant;
import java.util.List;

/** One line per tenant network: extended or not, tunnel up since when, RTT, traffic, restarts, what its NEA VMs use. */
public class TunnelGrid extends Div {

    public TunnelGrid(List<TunnelInfo> tunnels, String unavailableReason, boolean showTenant) {
        setId("tunnel-summary");
        if (unavailableReason != null) {
            Span note = new Span("Networks are not extended on this portal: " + unavailableReason);
            note.addClassName("lb-warning");
            add(new Div(note));
            return;
        }
        for (TunnelInfo tunnel : tunnels) {
            Div line = new Div(new Span((showTenant ? tunnel.tenant() + " · " : "") + tunnel.network() + ": " + describe(tunnel)
                    + (tunnel.status() == null ? "" : " · NEA appliances: " + appliances(tunnel.appliances()))));
            line.getElement().setAttribute("data-tunnel", tunnel.warm() ? "WARM" : tunnel.up() ? "UP" : tunnel.status() == null ? "IDLE" : "DOWN");
            add(line);
        }
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

    static String describe(TunnelInfo tunnel) {
        if (tunnel.status() == null) {
            return "not extended (no VM failed over)";
        }
        if (tunnel.warm()) {
            return "warm, no VM failed over: both NEA VMs running and the VPN tunnel " + (tunnel.up() ? "up" : "reconnecting")
                    + " so a next failover is instant; let go at " + Formats.time(tunnel.idleUntil()) + " unless a VM fails over"
                    + (tunnel.relayBytes() >= 0 ? ", gateway relayed " + Formats.bytes(tunnel.relayBytes()) : "");
        }
        if (!tunnel.up()) {
            return "VPN tunnel DOWN, reconnecting (" + String.join(", ", tunnel.failedOverIps()) + " failed over)";
        }
        return "VPN tunnel up since " + Formats.since(tunnel.status().since(), Instant.now())
                + (tunnel.status().rttMs() == null ? "" : ", RTT " + Formats.millis(tunnel.status().rttMs()))
                + ", " + Formats.bytes(tunnel.status().bytesIn()) + " in / " + Formats.bytes(tunnel.status().bytesOut()) + " out"
                + (tunnel.status().restarts() > 0 ? ", " + tunnel.status().restarts() + " restarts" : "")
                + (tunnel.relayBytes() >= 0 ? ", gateway relayed " + Formats.bytes(tunnel.relayBytes()) : "")
                + " · extended: " + String.join(", ", tunnel.failedOverIps());
    }
}

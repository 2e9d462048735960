package io.lifeboat.failover.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.lifeboat.network.TunnelView;
import io.lifeboat.ui.Formats;
import java.time.Instant;
import java.util.List;

/** One line per tenant network: extended or not, tunnel up since when, RTT, traffic, restarts. */
class TunnelSummary extends Div {

    TunnelSummary(List<TunnelView> tunnels, String unavailableReason, boolean showTenant) {
        setId("tunnel-summary");
        if (unavailableReason != null) {
            Span note = new Span("Networks are not extended on this portal: " + unavailableReason);
            note.addClassName("lb-warning");
            add(new Div(note));
            return;
        }
        for (TunnelView tunnel : tunnels) {
            Div line = new Div(new Span((showTenant ? tunnel.tenant() + " · " : "") + tunnel.network() + ": " + describe(tunnel)));
            line.getElement().setAttribute("data-tunnel", tunnel.up() ? "UP" : tunnel.status() == null ? "IDLE" : "DOWN");
            add(line);
        }
    }

    static String describe(TunnelView tunnel) {
        if (tunnel.status() == null) {
            return "not extended (no VM failed over)";
        }
        if (!tunnel.up()) {
            return "VPN tunnel DOWN, reconnecting (" + String.join(", ", tunnel.failedOverIps()) + " failed over)";
        }
        return "VPN tunnel up since " + Formats.since(tunnel.status().since(), Instant.now())
                + (tunnel.status().rttMs() == null ? "" : String.format(", RTT %.2f ms", tunnel.status().rttMs()))
                + ", " + bytes(tunnel.status().bytesIn()) + " in / " + bytes(tunnel.status().bytesOut()) + " out"
                + (tunnel.status().restarts() > 0 ? ", " + tunnel.status().restarts() + " restarts" : "")
                + (tunnel.relayBytes() >= 0 ? ", gateway relayed " + bytes(tunnel.relayBytes()) : "")
                + " · extended: " + String.join(", ", tunnel.failedOverIps());
    }

    private static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        return String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }
}

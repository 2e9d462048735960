package io.lifeboat.network.ui;

import com.vaadin.flow.component.html.Div;
import io.lifeboat.network.TunnelReading;
import io.lifeboat.ui.Chart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A tenant's tunnels over the last hour as two pictures: RTT, and traffic in and out of the tenant NEA. */
public class TunnelCharts extends Div {

    public TunnelCharts(List<TunnelReading> readings) {
        setId("tunnel-charts");
        addClassNames("lb-charts", "lb-tunnel-charts");
        add(rtt(readings), traffic(readings));
    }

    private static Div rtt(List<TunnelReading> readings) {
        List<Chart.Point> points = readings.stream().filter(r -> r.rttMs() != null)
                .map(r -> new Chart.Point(r.network(), r.at(), r.rttMs())).toList();
        String caption = points.isEmpty() ? "" : String.format(Locale.ROOT, "%d samples; RTT between %.2f and %.2f ms.", points.size(),
                points.stream().mapToDouble(Chart.Point::value).min().orElse(0), points.stream().mapToDouble(Chart.Point::value).max().orElse(0));
        return Chart.overTime("chart-tunnel-rtt", "VPN tunnel RTT, last hour", "ms", points, caption, "no sample yet");
    }

    private static Div traffic(List<TunnelReading> readings) {
        List<Chart.Point> points = new ArrayList<>();
        for (TunnelReading r : readings) {
            if (r.bytesInPerSecond() != null) {
                points.add(new Chart.Point(r.network() + " in", r.at(), r.bytesInPerSecond() / 1000));
            }
            if (r.bytesOutPerSecond() != null) {
                points.add(new Chart.Point(r.network() + " out", r.at(), r.bytesOutPerSecond() / 1000));
            }
        }
        points.sort(java.util.Comparator.comparing(Chart.Point::series).thenComparing(Chart.Point::at));
        String caption = points.isEmpty() ? "" : String.format(Locale.ROOT, "Peak %.1f kB/s.",
                points.stream().mapToDouble(Chart.Point::value).max().orElse(0));
        return Chart.overTime("chart-tunnel-traffic", "VPN tunnel traffic, last hour", "kB/s", points, caption, "needs two samples");
    }
}

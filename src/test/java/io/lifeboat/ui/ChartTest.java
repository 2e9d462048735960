package io.lifeboat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The charts' axes read as a person expects, however few samples there are. */
class ChartTest {

    private static final Pattern TEXT = Pattern.compile("<text[^>]*>([^<]*)</text>");

    @Test
    void one_sample_gets_a_value_axis_from_zero_and_a_minute_of_time_with_readable_labels() {
        Div chart = Chart.overTime("traffic", "VPN tunnel traffic, last hour", "kB/s",
                List.of(new Chart.Point("LAN in", Instant.parse("2026-12-06T02:27:51.062Z"), 0.08557433)), "", "needs two samples");

        List<String> labels = labelsOfTheLightPicture(chart);

        assertThat(labels).as("no scientific notation").noneMatch(label -> label.contains("E-"))
                .as("a value axis from zero").contains("0.00")
                .as("no label twice").doesNotHaveDuplicates()
                .as("no millisecond time labels").noneMatch(label -> label.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d+"));
        assertThat(labels.stream().filter(label -> label.matches("\\d\\d:\\d\\d(:\\d\\d)?"))).as("several time ticks").hasSizeGreaterThan(1);
    }

    @Test
    void a_flat_series_of_zeros_still_gets_a_readable_axis() {
        Instant at = Instant.parse("2026-12-06T02:00:00Z");
        Div chart = Chart.overTime("rtt", "VPN tunnel RTT, last hour", "ms",
                List.of(new Chart.Point("LAN", at, 0), new Chart.Point("LAN", at.plusSeconds(30), 0)), "", "no sample yet");

        assertThat(labelsOfTheLightPicture(chart)).noneMatch(label -> label.contains("E-")).doesNotHaveDuplicates().contains("0.000");
    }

    private static List<String> labelsOfTheLightPicture(Div chart) {
        String svg = chart.getChildren().filter(c -> c.getClassNames().contains("lb-chart-light")).findFirst()
                .map(Component::getElement).orElseThrow().getProperty("innerHTML");
        Matcher texts = TEXT.matcher(svg);
        return Stream.iterate(texts.find(), found -> found, found -> texts.find()).map(found -> texts.group(1).trim())
                .filter(text -> !text.isEmpty()).toList();
    }
}

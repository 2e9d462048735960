package io.lifeboat.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ChartFactory;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * A picture of figures, drawn on the server by JFreeChart as inline SVG: no script runs in the browser, so it works
 * under a strict Content-Security-Policy. The figures it shows are also on the element ({@code data-values}, in the
 * order drawn) and summed up in its caption, for screen readers and tests.
 */
public class Chart extends Div {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 280;
    private static final double SMALLEST_VALUE_RANGE = 0.01;
    private static final Duration SHORTEST_TIME_RANGE = Duration.ofMinutes(1);
    private static final Color[] SERIES = {new Color(0x1f5fad), new Color(0xc0392b), new Color(0x2e7d32)};

    /** Colours of one scheme; the page shows the variant that matches the browser's preference. */
    private record Palette(String name, Color background, Color text, Color grid) {
    }

    private static final Palette LIGHT = new Palette("light", Color.WHITE, new Color(0x1a1a1a), new Color(0xcccccc));
    /** On Lumo dark's base colour (hsl(214, 35%, 21%)), with the series colours lightened to keep their contrast. */
    private static final Palette DARK = new Palette("dark", new Color(0x233348), new Color(0xe6e9ee), new Color(0x4a5058));
    private static final Color[] DARK_SERIES = {new Color(0x6aa8f0), new Color(0xf07a6e), new Color(0x7cc47f)};

    /** One value of one series at one category (a tenant, a day, a failover). */
    public record Bar(String series, String category, double value) {
    }

    /** One value of one series at one moment. */
    public record Point(String series, Instant at, double value) {
    }

    private Chart(String id, String title, String caption, java.util.function.Function<Palette, JFreeChart> chart, List<Double> values) {
        setId(id);
        addClassName("lb-chart-figure");
        getElement().setAttribute("role", "figure");
        getElement().setAttribute("aria-label", title);
        getElement().setAttribute("data-values", values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).collect(Collectors.joining(",")));
        for (Palette palette : List.of(LIGHT, DARK)) {
            Div picture = new Div();
            picture.addClassName("lb-chart");
            picture.addClassName("lb-chart-" + palette.name());
            picture.getElement().setAttribute("aria-hidden", "true");
            picture.getElement().setProperty("innerHTML", svg(id + "-" + palette.name(), chart.apply(palette)));
            add(picture);
        }
        Span text = new Span(caption);
        text.addClassName("lb-chart-caption");
        add(text);
    }

    /** Bars per category, one colour per series; {@code empty} is shown instead when there is nothing to draw. */
    public static Div bars(String id, String title, String valueAxis, List<Bar> bars, String caption, String empty) {
        return bars(id, title, valueAxis, bars, caption, empty, false);
    }

    /** Bars of counts (failovers per day): the value axis ticks whole numbers only. */
    public static Div counts(String id, String title, String valueAxis, List<Bar> bars, String caption, String empty) {
        return bars(id, title, valueAxis, bars, caption, empty, true);
    }

    private static Div bars(String id, String title, String valueAxis, List<Bar> bars, String caption, String empty, boolean wholeNumbers) {
        if (bars.isEmpty()) {
            return nothingYet(id, title, empty);
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        bars.forEach(bar -> data.addValue(bar.value(), bar.series(), bar.category()));
        boolean legend = bars.stream().map(Bar::series).distinct().count() > 1;
        return new Chart(id, title, caption, palette -> {
            JFreeChart chart = ChartFactory.createBarChart(title, null, valueAxis, data, PlotOrientation.VERTICAL, legend, false, false);
            CategoryPlot plot = chart.getCategoryPlot();
            BarRenderer renderer = (BarRenderer) plot.getRenderer();
            renderer.setBarPainter(new StandardBarPainter());
            renderer.setShadowVisible(false);
            Color[] colours = colours(palette);
            for (int i = 0; i < colours.length; i++) {
                renderer.setSeriesPaint(i, colours[i]);
            }
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
            if (wholeNumbers) {
                plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            }
            style(chart, palette);
            plot.setRangeGridlinePaint(palette.grid());
            return chart;
        }, bars.stream().map(Bar::value).toList());
    }

    /** Lines over time, one per series. */
    public static Div overTime(String id, String title, String valueAxis, List<Point> points, String caption, String empty) {
        if (points.isEmpty()) {
            return nothingYet(id, title, empty);
        }
        TimeSeriesCollection data = new TimeSeriesCollection();
        Map<String, List<Point>> bySeries = points.stream().collect(Collectors.groupingBy(Point::series, java.util.LinkedHashMap::new, Collectors.toList()));
        bySeries.forEach((name, seriesPoints) -> {
            TimeSeries series = new TimeSeries(name);
            seriesPoints.forEach(p -> series.addOrUpdate(new Millisecond(java.util.Date.from(p.at())), p.value()));
            data.addSeries(series);
        });
        boolean legend = bySeries.size() > 1;
        return new Chart(id, title, caption, palette -> {
            JFreeChart chart = ChartFactory.createTimeSeriesChart(title, null, valueAxis, data, legend, false, false);
            XYPlot plot = chart.getXYPlot();
            Color[] colours = colours(palette);
            if (plot.getRenderer() instanceof XYLineAndShapeRenderer lines) {
                lines.setDefaultShapesVisible(true); // each sample is a dot: one sample alone still shows
            }
            for (int i = 0; i < bySeries.size(); i++) {
                plot.getRenderer().setSeriesPaint(i, colours[i % colours.length]);
                plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
            }
            scaleForFewSamples(plot, points);
            style(chart, palette);
            plot.setRangeGridlinePaint(palette.grid());
            plot.setDomainGridlinePaint(palette.grid());
            return chart;
        }, bySeries.values().stream().flatMap(List::stream).map(Point::value).toList());
    }

    /**
     * Values from zero, and at least a minute of time: left to themselves, one sample (or a flat series) got a value
     * axis a billionth wide, with ticks like "8.557433E-2" ten times over, and a time axis of one millisecond.
     */
    private static void scaleForFewSamples(XYPlot plot, List<Point> points) {
        NumberAxis values = (NumberAxis) plot.getRangeAxis();
        values.setAutoRangeIncludesZero(true);   // every series here is a rate or a time: zero is its honest baseline
        values.setAutoRangeMinimumSize(SMALLEST_VALUE_RANGE);
        long first = points.stream().mapToLong(p -> p.at().toEpochMilli()).min().orElseThrow();
        long last = points.stream().mapToLong(p -> p.at().toEpochMilli()).max().orElseThrow();
        if (last - first < SHORTEST_TIME_RANGE.toMillis()) {
            long middle = (first + last) / 2;
            long half = SHORTEST_TIME_RANGE.toMillis() / 2;
            plot.getDomainAxis().setRange(middle - half, middle + half);
        }
    }

    private static Div nothingYet(String id, String title, String empty) {
        Div none = new Div(new Span(title + ": " + empty));
        none.setId(id);
        none.addClassName("lb-chart-empty");
        none.getElement().setAttribute("data-values", "");
        return none;
    }

    private static Color[] colours(Palette palette) {
        return palette == DARK ? DARK_SERIES : SERIES;
    }

    private static void style(JFreeChart chart, Palette palette) {
        chart.setBackgroundPaint(palette.background());
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        chart.getTitle().setPaint(palette.text());
        if (chart.getLegend() != null) {
            chart.getLegend().setBackgroundPaint(palette.background());
            chart.getLegend().setItemPaint(palette.text());
        }
        chart.getPlot().setBackgroundPaint(palette.background());
        Axis[] axes = chart.getPlot() instanceof XYPlot xy ? new Axis[] {xy.getDomainAxis(), xy.getRangeAxis()}
                : new Axis[] {chart.getCategoryPlot().getDomainAxis(), chart.getCategoryPlot().getRangeAxis()};
        for (Axis axis : axes) {
            axis.setLabelPaint(palette.text());
            axis.setTickLabelPaint(palette.text());
            axis.setAxisLinePaint(palette.grid());
            axis.setTickMarkPaint(palette.grid());
        }
        chart.setAntiAlias(true);
    }

    private static String svg(String id, JFreeChart chart) {
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
        graphics.setDefsKeyPrefix(id + "-"); // several charts on one page: their clip paths must not share ids
        chart.draw(graphics, new Rectangle(WIDTH, HEIGHT));
        return graphics.getSVGElement(null, true, new org.jfree.svg.ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    }
}

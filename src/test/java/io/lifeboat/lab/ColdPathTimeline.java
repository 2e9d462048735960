package io.lifeboat.lab;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.lifeboat.bench.BenchReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The cold path's steps, read from what the portal and the agents log with their timestamps (no extra timers in the
 * product): the portal's log through an appender on its root logger, each agent's from its log in the lab's run
 * directory ({@code -Djava.util.logging.SimpleFormatter.format} gives them milliseconds). Every step is the last of
 * the two NEAs to reach it, in ms after the click; a step an NEA skipped (enrolment, when its VM kept its certificate
 * from an earlier power-on) is left out of that run.
 */
final class ColdPathTimeline {

    /** Step name → how its moment is found; in the order the path takes them. */
    static final List<String> STEPS = List.of("vms_on", "agents_spawned", "agents_jvm_started", "agents_ready", "enrolled",
            "connected", "tunnel_up", "ip_proxied", "first_reply");
    private static final DateTimeFormatter AGENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Pattern TUNNEL_SPLIT = Pattern.compile("up in (\\d+) ms \\(provider NEA (\\d+), its server bound (\\d+), "
            + "then waiting for the tenant NEA and the relay flows (\\d+), handshake (\\d+)\\)");

    private record Line(long epochMillis, String logger, String message) {
    }

    private final List<Line> portal = new CopyOnWriteArrayList<>();
    private final Appender appender = new Appender();
    private final List<Path> agentLogs;
    private final Map<String, List<Long>> figures = new LinkedHashMap<>();

    private final class Appender extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            portal.add(new Line(event.getTimeStamp(), event.getLoggerName(), event.getFormattedMessage()));
        }
    }

    ColdPathTimeline(List<Path> agentLogs) {
        this.agentLogs = agentLogs;
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    void detach() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
        appender.stop();
    }

    /** Forgets what an earlier run logged; call before the click. */
    void clear() {
        portal.clear();
    }

    /** Reads one run's steps; {@code clicked} and {@code replied} in epoch ms. */
    void record(long clicked, long replied) throws IOException {
        Map<String, OptionalLong> at = new LinkedHashMap<>();
        at.put("vms_on", bothNeas(portal("ApplianceVms", "powered on at site"), l -> l.message().startsWith("provider")));
        at.put("agents_spawned", bothNeas(portal("LabNetwork", "spawned in"), ColdPathTimeline::provider));
        at.put("agents_jvm_started", agents("ApplianceMain", "agent started"));
        at.put("agents_ready", agents("ApplianceMain", "ready on"));
        at.put("enrolled", bothNeas(portal("ApplianceControlServer", "enrolled appliance"), ColdPathTimeline::provider));
        at.put("connected", bothNeas(portal("ApplianceControlServer", "connected from"), ColdPathTimeline::provider));
        at.put("tunnel_up", last(portal("NetworkExtension", " up in ")));
        at.put("ip_proxied", last(portal("NetworkExtensionService", "extended to the provider")));
        at.put("first_reply", OptionalLong.of(replied));
        at.forEach((step, moment) -> moment.ifPresent(m -> figures.computeIfAbsent(step + "_ms", k -> new ArrayList<>()).add(m - clicked)));
        System.out.println("cold run, ms after the click: " + at.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue().isPresent() ? String.valueOf(e.getValue().getAsLong() - clicked) : "-")).toList());
        portal.stream().map(line -> TUNNEL_SPLIT.matcher(line.message())).filter(Matcher::find).reduce((a, b) -> b).ifPresent(m -> {
            String[] parts = {"tunnel_total", "tunnel_provider_nea", "tunnel_server_bound", "tunnel_then_tenant_nea_and_relays", "tunnel_handshake"};
            for (int i = 0; i < parts.length; i++) {
                figures.computeIfAbsent(parts[i] + "_ms", k -> new ArrayList<>()).add(Long.parseLong(m.group(i + 1)));
            }
        });
    }

    /**
     * Alternating names and medians, to append to the cold row: each step in ms after the click, then the tunnel's
     * split; a step only some runs took (enrolment: only a fresh clone enrols) says of how many runs.
     */
    List<Object> medians() {
        int runs = figures.values().stream().mapToInt(List::size).max().orElse(0);
        List<Object> columns = new ArrayList<>();
        figures.forEach((name, values) -> {
            columns.add(name);
            columns.add(values.size() < runs ? BenchReport.median(values) + " (" + values.size() + " of " + runs + " runs)" : BenchReport.median(values));
        });
        return columns;
    }

    private List<Line> portal(String loggerSuffix, String text) {
        return portal.stream().filter(l -> l.logger().endsWith(loggerSuffix) && l.message().contains(text)).toList();
    }

    /** An appliance id {@code <tenant>/n<network>/p} in the message: the provider NEA's line. */
    private static boolean provider(Line line) {
        return line.message().contains("/p ");
    }

    /**
     * When both NEAs had reached a step: for each, the last time it did in this run (the boot that served the tunnel,
     * not the probe's earlier one it replaced), the later of the two; empty when one of them did not in this run.
     */
    private static OptionalLong bothNeas(List<Line> lines, java.util.function.Predicate<Line> isProvider) {
        OptionalLong provider = last(lines.stream().filter(isProvider).toList());
        OptionalLong tenant = last(lines.stream().filter(isProvider.negate()).toList());
        return provider.isPresent() && tenant.isPresent() ? OptionalLong.of(Math.max(provider.getAsLong(), tenant.getAsLong())) : OptionalLong.empty();
    }

    private static OptionalLong last(List<Line> lines) {
        return lines.stream().mapToLong(Line::epochMillis).max();
    }

    /** From each NEA's agent log (it holds its last boot only), the later of the two; empty unless both logged it. */
    private OptionalLong agents(String loggerSuffix, String text) throws IOException {
        List<Long> moments = new ArrayList<>();
        for (Path log : agentLogs) {
            OptionalLong moment = OptionalLong.empty();
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    String[] f = line.split(" ", 5);   // date time level logger: message
                    if (f.length == 5 && f[3].endsWith(loggerSuffix + ":") && f[4].contains(text)) {
                        moment = OptionalLong.of(LocalDateTime.parse(f[0] + " " + f[1], AGENT_TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
                    }
                }
            }
            moment.ifPresent(moments::add);
        }
        return moments.size() < agentLogs.size() ? OptionalLong.empty() : OptionalLong.of(moments.stream().mapToLong(Long::longValue).max().orElseThrow());
    }
}

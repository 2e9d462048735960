package io.lifeboat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Collects benchmark rows, prints them as a table and writes {@code target/bench/<name>.json}. */
public final class BenchReport {

    private final String name;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();

    public BenchReport(String name) {
        this.name = name;
    }

    public void fact(String key, Object value) {
        facts.put(key, value);
    }

    /** One row as alternating column names and values, in column order. */
    public void row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        rows.add(row);
    }

    public Path write() throws IOException {
        StringBuilder table = new StringBuilder("\n== benchmark " + name + " ==\n");
        if (!rows.isEmpty()) {
            List<String> columns = new ArrayList<>(rows.get(0).keySet());
            table.append(columns.stream().map(c -> String.format("%18s", c)).collect(Collectors.joining())).append('\n');
            for (Map<String, Object> row : rows) {
                table.append(columns.stream().map(c -> String.format("%18s", row.get(c))).collect(Collectors.joining())).append('\n');
            }
        }
        facts.forEach((k, v) -> table.append(k).append(": ").append(v).append('\n'));
        System.out.println(table);
        Path out = Path.of("target", "bench", name + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "{\n  \"benchmark\": \"" + name + "\",\n  \"facts\": " + object(facts) + ",\n  \"rows\": [\n    "
                + rows.stream().map(BenchReport::object).collect(Collectors.joining(",\n    ")) + "\n  ]\n}\n");
        return out;
    }

    public static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String object(Map<String, Object> map) {
        return map.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + value(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String value(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "\"" + String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

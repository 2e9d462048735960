package io.lifeboat.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit from an unpacked package, started the way systemd would start it where there is no systemd: its
 * {@code ExecStart} with the environment of its {@code EnvironmentFile}, every absolute path resolved inside the root
 * the package was unpacked into. The directories systemd would make for {@code StateDirectory=} and
 * {@code RuntimeDirectory=} are given by the caller, as {@code STATE_DIRECTORY} and {@code RUNTIME_DIRECTORY}.
 */
record SystemdUnit(Path root, Map<String, Map<String, String>> sections) {

    /** The unit, and its drop-ins in {@code /etc/systemd/system/<name>.d/} below the root, as systemd merges them. */
    static SystemdUnit of(Path root, String name) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>(List.of(root.resolve("lib/systemd/system/" + name)));
        Path dropIns = root.resolve("etc/systemd/system/" + name + ".d");
        if (Files.isDirectory(dropIns)) {
            try (var confs = Files.list(dropIns)) {
                confs.filter(f -> f.toString().endsWith(".conf")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        files.forEach(file -> merge(read(file), sections));
        return new SystemdUnit(root, sections);
    }

    /** Later settings replace earlier ones; {@code Environment=} lines add up (one per line). */
    private static void merge(List<String> lines, Map<String, Map<String, String>> sections) {
        Map<String, String> section = null;
        for (String line : lines) {
            String l = line.trim();
            if (l.startsWith("[")) {
                section = sections.computeIfAbsent(l.substring(1, l.length() - 1), s -> new LinkedHashMap<>());
            } else if (section != null && l.contains("=") && !l.startsWith("#")) {
                String key = l.substring(0, l.indexOf('='));
                String value = l.substring(l.indexOf('=') + 1);
                section.merge(key, value, (before, added) -> key.equals("Environment") ? before + "\n" + added : added);
            }
        }
    }

    /** A setting of the [Service] section. */
    String get(String key) {
        return get("Service", key);
    }

    String get(String section, String key) {
        return sections.getOrDefault(section, Map.of()).get(key);
    }

    /** The file at {@code absolute} as installed below the root. */
    Path inRoot(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    /** KEY=value lines of the unit's EnvironmentFile (comments and blank lines skipped). */
    Map<String, String> environmentFile() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : read(inRoot(get("EnvironmentFile")))) {
            String l = line.trim();
            if (!l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        return env;
    }

    /** Starts ExecStart (stdout and stderr together), with systemd's PATH, the EnvironmentFile and {@code directories}. */
    Process start(Map<String, String> directories) throws IOException {
        return start(directories, List.of());
    }

    /**
     * As {@link #start(Map)}, behind {@code wrapper} (e.g. {@code ip netns exec NAME}). A unit that names its
     * {@code CapabilityBoundingSet=} runs with only those capabilities (none when it is empty), and
     * {@code AmbientCapabilities=} kept, as under systemd: a test run as root must not let the gateway program the
     * host's nftables.
     */
    Process start(Map<String, String> directories, List<String> wrapper) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        if (get("CapabilityBoundingSet") != null) {
            String bounding = capabilities(get("CapabilityBoundingSet"));
            String ambient = capabilities(get("AmbientCapabilities") == null ? "" : get("AmbientCapabilities"));
            command.addAll(List.of("setpriv", "--bounding-set=-all" + bounding, "--inh-caps=-all" + ambient, "--ambient-caps=-all" + ambient));
        }
        List<String> exec = Arrays.asList(get("ExecStart").trim().split("\\s+"));
        command.add(inRoot(exec.get(0)).toString());
        command.addAll(exec.subList(1, exec.size()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.putAll(environmentFile());
        if (get("Environment") != null) {
            get("Environment").lines().forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        }
        env.putAll(directories);
        return pb.start();
    }

    /** {@code CAP_NET_ADMIN CAP_NET_RAW} as setpriv adds them: {@code ,+net_admin,+net_raw}. */
    private static String capabilities(String systemd) {
        StringBuilder out = new StringBuilder();
        for (String cap : systemd.trim().split("\\s+")) {
            if (!cap.isEmpty()) {
                out.append(",+").append(cap.toLowerCase(java.util.Locale.ROOT).replaceFirst("^cap_", ""));
            }
        }
        return out.toString();
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

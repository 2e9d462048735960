package io.lifeboat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process a test starts in the background runs at a lower CPU priority while it starts up, so that the test classes
 * running meanwhile keep their pace, and at the normal one once it serves a test.
 */
public final class CpuPriority {

    private static final Logger log = LoggerFactory.getLogger(CpuPriority.class);

    private CpuPriority() {
    }

    /** {@code command} started under {@code nice}: its processes and their children get what the others leave. */
    public static List<String> lowered(List<String> command) {
        List<String> niced = new ArrayList<>(List.of("nice", "-n", "10"));
        niced.addAll(command);
        return niced;
    }

    /**
     * Every thread of {@code root} and of its descendants back at the normal priority (a priority is a thread's on
     * Linux, so renicing the processes alone leaves their running threads lowered). Raising a priority needs root;
     * without it they stay lowered, which only makes them slower.
     */
    public static void normal(ProcessHandle root, String what) {
        List<String> renice = new ArrayList<>(List.of("renice", "-n", "0", "-p"));
        Stream.concat(Stream.of(root), root.descendants()).forEach(p -> renice.addAll(threadsOf(p.pid())));
        try {
            Process reniced = new ProcessBuilder(renice).redirectErrorStream(true).start();
            String output = new String(reniced.getInputStream().readAllBytes());
            if (reniced.waitFor() != 0) {
                log.info("{} keeps its lower CPU priority: {}", what, output.trim());
            }
        } catch (IOException e) {
            log.info("{} keeps its lower CPU priority: {}", what, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> threadsOf(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return tasks.map(task -> task.getFileName().toString()).toList();
        } catch (IOException gone) {
            return List.of();
        }
    }
}

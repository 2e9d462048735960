package io.lifeboat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * How far the run's sequence of test classes has come (they run one after the other, in the order of their names), so
 * that a class running beside them ({@code @Execution(CONCURRENT)}, junit-platform.properties) can wait for the
 * stretch where they leave the cores idle.
 */
public class SequenceProgress implements TestExecutionListener {

    private static final Object MONITOR = new Object();
    private static List<String> sequence = List.of();
    private static String latestStarted = "";

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        synchronized (MONITOR) {
            sequence = plan.getRoots().stream().flatMap(root -> plan.getDescendants(root).stream())
                    .map(SequenceProgress::testClass).flatMap(Optional::stream)
                    .filter(c -> !isConcurrent(c)).map(Class::getName).toList();
        }
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        testClass(test).filter(c -> !isConcurrent(c)).ifPresent(c -> {
            synchronized (MONITOR) {
                latestStarted = c.getName();
                MONITOR.notifyAll();
            }
        });
    }

    /**
     * Waits until the sequence has started a class of a package that sorts after {@code packageName} (at once when the
     * run holds none: a run of a few classes), but not longer than {@code atMost}. Returns how long it waited.
     */
    public static Duration awaitPast(String packageName, Duration atMost) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + atMost.toNanos();
        synchronized (MONITOR) {
            while (sequence.stream().anyMatch(name -> isPast(name, packageName)) && !isPast(latestStarted, packageName)
                    && System.nanoTime() < deadline) {
                MONITOR.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static boolean isPast(String className, String packageName) {
        return className.compareTo(packageName) > 0 && !className.startsWith(packageName + ".");
    }

    private static Optional<Class<?>> testClass(TestIdentifier test) {
        return test.getSource().filter(ClassSource.class::isInstance).map(source -> ((ClassSource) source).getJavaClass());
    }

    private static boolean isConcurrent(Class<?> testClass) {
        Execution execution = testClass.getAnnotation(Execution.class);
        return execution != null && execution.value() == ExecutionMode.CONCURRENT;
    }
}

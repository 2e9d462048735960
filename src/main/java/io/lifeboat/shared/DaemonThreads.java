package io.lifeboat.shared;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Executors of daemon threads with names that say whose they are (a thread dump reads like the code). */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** One thread named {@code name}, for timers. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name, false));
    }

    /** {@code size} threads named {@code name-1} … {@code name-size}. */
    public static ExecutorService pool(String name, int size) {
        return Executors.newFixedThreadPool(size, named(name, true));
    }

    /** As many threads named {@code name-n} as tasks wait at once (for tasks that block), each gone after a minute idle. */
    public static ExecutorService cachedPool(String name) {
        return Executors.newCachedThreadPool(named(name, true));
    }

    private static ThreadFactory named(String name, boolean numbered) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, numbered ? name + "-" + count.incrementAndGet() : name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

package io.lifeboat.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One server-side clock for every open browser: each tick runs the registered updates (relative times such as
 * "35 s ago") in their UI and pushes them, one {@code ui.access} per UI. No browser polls.
 */
@Component
public class UiTicker {

    private static final Logger log = LoggerFactory.getLogger(UiTicker.class);

    private final Set<Tick> ticks = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ui-ticker");
        thread.setDaemon(true);
        return thread;
    });

    UiTicker(@Value("${lifeboat.ui.tick:5s}") Duration period) {
        clock.scheduleAtFixedRate(this::tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code update} in {@code ui} on every tick until the registration is removed. */
    public Registration register(UI ui, Runnable update) {
        Tick tick = new Tick(ui, update);
        ticks.add(tick);
        return () -> ticks.remove(tick);
    }

    /**
     * As {@link #register}, with {@code update} run as the user who registers it (call from the UI thread), for updates
     * that read again through tenant-scoped services: a tick runs in whichever thread holds the session lock.
     */
    public Registration registerAsCurrentUser(UI ui, Runnable update) {
        RunAs.User user = RunAs.currentUser();
        return register(ui, () -> RunAs.run(user, update));
    }

    void tick() {
        Map<UI, List<Tick>> byUi = ticks.stream().collect(Collectors.groupingBy(Tick::ui));
        byUi.forEach((ui, updates) -> {
            try {
                ui.access(() -> updates.forEach(tick -> tick.update().run()));
            } catch (RuntimeException closed) {
                log.debug("Dropping the ticks of a closed UI", closed);
                ticks.removeAll(updates);
            }
        });
    }

    @PreDestroy
    void stop() {
        clock.shutdownNow();
    }

    private record Tick(UI ui, Runnable update) {
    }
}

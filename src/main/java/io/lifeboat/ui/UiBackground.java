package io.lifeboat.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import io.lifeboat.shared.DaemonThreads;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs a slow service call (seconds: a probe that waits for an appliance to boot) off the UI's thread, as the user who
 * asked, and hands its answer back to the page through push. The page stays responsive and shows progress meanwhile,
 * where a call in a click's handler froze it without a word.
 */
@Component
public class UiBackground implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(UiBackground.class);

    private final ExecutorService threads = DaemonThreads.pool("ui-background", 4);

    /**
     * Calls {@code call} on a thread of its own as the current user, then, in {@code ui}, {@code answer} with its
     * result or {@code failure} with what the user is told (the error is logged). Call it from the UI thread.
     */
    public <T> void call(UI ui, Supplier<T> call, Consumer<T> answer, Consumer<String> failure) {
        RunAs.User asker = RunAs.currentUser();
        threads.execute(() -> RunAs.run(asker, () -> deliver(ui, asker, answerOf(call, answer, failure))));
    }

    /** Calls {@code call} and returns the update of the page that gives its answer, or says what went wrong. */
    static <T> Runnable answerOf(Supplier<T> call, Consumer<T> answer, Consumer<String> failure) {
        try {
            T result = call.get();
            return () -> answer.accept(result);
        } catch (RuntimeException e) {
            String message = UserFacingErrors.logged(e);
            return () -> failure.accept(message);
        }
    }

    /** The update runs as the asker too: a busy session runs it later in whichever thread releases its lock. */
    private static void deliver(UI ui, RunAs.User asker, Runnable update) {
        try {
            ui.access(() -> RunAs.run(asker, update));
        } catch (UIDetachedException e) {
            log.debug("The page that asked has closed; its answer is dropped");
        }
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}

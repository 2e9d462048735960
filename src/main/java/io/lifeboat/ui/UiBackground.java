package io.lifeboat.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.html.Span;
import io.lifeboat.shared.DaemonThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * Shared by every session, and not bounded: a pre-flight holds its thread while the tenant's NEA boots, and Sync now
     * while a vCenter hangs, so a fixed few threads (there were 4) held that way left everyone else's wizard and tunnel
     * reads waiting. Each call comes from a user's click or page, and idle threads end after a minute.
     */
    private final ExecutorService threads = DaemonThreads.cachedPool("ui-background");

    /**
     * Calls {@code call} on a thread of its own as the current user, then, in {@code ui}, {@code answer} with its
     * result or {@code failure} with what the user is told (the error is logged). Call it from the UI thread.
     */
    public <T> void call(UI ui, Supplier<T> call, Consumer<T> answer, Consumer<String> failure) {
        RunAs.User asker = RunAs.currentUser();
        threads.execute(() -> RunAs.run(asker, () -> deliver(ui, asker, answerOf(call, answer, failure))));
    }

    /** As {@link #call(UI, Supplier, Consumer, Consumer)}, a failure told in an error notification, as an uncaught one is. */
    public <T> void call(UI ui, Supplier<T> call, Consumer<T> answer) {
        call(ui, call, answer, UserFacingErrors::show);
    }

    /**
     * A read that a page repeats at every change it is told of, as {@link #call} runs it: off the page's session. Read
     * inside it, a vCenter read per network held the session for seconds at each change of a failover, and every push
     * waited behind it (a wizard's progress showed a failover's end 3–4 s late). Asked again while it reads, it reads
     * once more when that read ends, never twice at once. Create it and call it from the UI thread or a push.
     */
    public <T> Runnable repeatable(UI ui, Supplier<T> read, Consumer<T> show, Consumer<String> failure) {
        return new RepeatableRead<>(ui, RunAs.currentUser(), read, show, failure);
    }

    /** What a page shows where a read's answer goes, until it comes: a blank there looked like nothing to show. */
    public static Span pending(String id, String text) {
        Span pending = new Span(text);
        pending.setId(id);
        pending.addClassName("lb-secondary");
        return pending;
    }

    private final class RepeatableRead<T> implements Runnable {
        private final UI ui;
        private final RunAs.User asker;
        private final Supplier<T> read;
        private final Consumer<T> show;
        private final Consumer<String> failure;
        /** Reads asked for that no read has started after yet; non-zero while the loop runs. */
        private final AtomicInteger asked = new AtomicInteger();

        RepeatableRead(UI ui, RunAs.User asker, Supplier<T> read, Consumer<T> show, Consumer<String> failure) {
            this.ui = ui;
            this.asker = asker;
            this.read = read;
            this.show = show;
            this.failure = failure;
        }

        @Override
        public void run() {
            if (asked.getAndIncrement() == 0) {
                threads.execute(this::readUntilCurrent);
            }
        }

        private void readUntilCurrent() {
            int covered;
            do {
                covered = asked.get();   // this read answers every ask made before it starts
                RunAs.run(asker, () -> deliver(ui, asker, answerOf(read, show, failure)));
            } while (asked.addAndGet(-covered) > 0);
        }
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

package io.lifeboat.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Pushes server-side changes to open browsers. A view registers with the tenant it shows (null: the provider, who
 * sees every tenant); events after commit are delivered through {@code ui.access}, so listeners run with the UI's
 * session lock. Only this node's browsers are reached; with several nodes each node pushes what its own jobs do and
 * the grids refresh on navigation.
 */
@Component
public class UiBroadcaster {

    private static final Logger log = LoggerFactory.getLogger(UiBroadcaster.class);

    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();

    /**
     * Calls {@code onChange} in the UI whenever something of {@code tenantId} (or of anyone, if null) changes, and once
     * right away: a change committed between the view's first read and this registration would otherwise never reach
     * it (a drill that turned Running while its page was being opened stayed "Starting"). Call it from the UI thread,
     * typically in {@code onAttach}; the view need not read its data before.
     */
    public Registration register(UI ui, Long tenantId, Runnable onChange) {
        Listener listener = new Listener(ui, tenantId, onChange, RunAs.currentUser());
        listeners.add(listener);
        onChange.run();
        return () -> listeners.remove(listener);
    }

    /** Announces that something of this tenant changed. */
    public void changed(Long tenantId) {
        for (Listener listener : listeners) {
            if (listener.tenantId() == null || tenantId == null || listener.tenantId().equals(tenantId)) {
                deliver(listener);
            }
        }
    }

    /**
     * Runs the listener as the user who registered it, in the UI: the update goes through the same tenant-scoped
     * services as a request, even when a busy session runs it later in whichever thread releases its lock (another
     * request, the ticker), which may be anybody's or nobody's. The push that follows, and its data fetches, run as the
     * page's user whichever thread writes it ({@link PushAsTheUisUser}).
     */
    private void deliver(Listener listener) {
        try {
            listener.ui().access(() -> RunAs.run(listener.user(), listener.onChange()));
        } catch (RuntimeException e) {
            log.debug("Dropping a listener of a closed UI", e);
            listeners.remove(listener);
        }
    }

    private record Listener(UI ui, Long tenantId, Runnable onChange, RunAs.User user) {
    }
}

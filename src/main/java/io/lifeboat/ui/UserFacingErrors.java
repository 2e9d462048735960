package io.lifeboat.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.lifeboat.shared.DatabaseOutage;
import io.lifeboat.shared.UserFacingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * The global error handler: every uncaught error in a UI is logged with a reference and shown to the user as a
 * notification. Expected refusals show their own message (it says what to do); anything else a generic message with
 * the reference to quote to support. Never a stack trace in the browser.
 */
@Component
class UserFacingErrors implements VaadinServiceInitListener {

    private static final Logger log = LoggerFactory.getLogger(UserFacingErrors.class);

    /** Set once Lifeboat stops: the database closes before the web server expires its sessions. */
    private volatile boolean stopping;

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(this::handle));
    }

    @EventListener(ContextClosedEvent.class)
    void stopping() {
        stopping = true;
    }

    /**
     * A page update still queued when Lifeboat stops (an answer from vCenter that came late) runs as its session
     * expires, after the database closed: nobody is left to tell, and nothing of ours failed.
     */
    boolean isStopping(Throwable thrown) {
        if (stopping) {
            log.info("A page update did not run as Lifeboat stops: {}", rootCause(thrown).toString());
        }
        return stopping;
    }

    private void handle(ErrorEvent event) {
        if (isClientGone(event.getThrowable()) || isStopping(event.getThrowable())) {
            return;
        }
        if (isPageOutOfStep(event.getThrowable())) {
            log.warn("A page fell out of step with its server-side UI and is offered a reload: {}", event.getThrowable().getMessage());
            return;
        }
        String message = logged(event.getThrowable());
        UI ui = UI.getCurrent();
        if (ui != null) {
            ui.access(() -> show(message));
        }
    }

    /**
     * Logs {@code thrown} and returns what its user is told: an expected refusal's own message (it says what to do),
     * the database outage's, or a generic message with the reference to quote to support.
     */
    static String logged(Throwable thrown) {
        Throwable error = rootCause(thrown);
        if (isExpected(error)) {
            log.info("Refused: {}", error.getMessage());
            return error.getMessage();
        }
        if (DatabaseOutage.isCauseOf(thrown)) {
            log.warn("A page's request failed, the database is unreachable: {}", thrown.getMessage());
            return DatabaseOutage.MESSAGE;
        }
        return ErrorReference.message(ErrorReference.logged(log, "Unexpected error", thrown));
    }

    /**
     * The browser went away while its answer was being written (a tab closed, a page left mid-request): nothing failed
     * here and nobody is left to tell, so it is no error in the log either.
     */
    static boolean isClientGone(Throwable thrown) {
        if (DisconnectedClientHelper.isClientDisconnectedException(thrown)) {
            log.debug("A browser went away during its answer: {}", thrown.toString());
            return true;
        }
        return false;
    }

    /**
     * Vaadin refuses a page's message that does not follow the last one its UI handled, and answers with its own box,
     * which reloads the page. A known race of Vaadin's around a login (vaadin/flow#12640): nothing of ours failed,
     * and a second notification would only repeat the box.
     */
    static boolean isPageOutOfStep(Throwable thrown) {
        return thrown instanceof UnsupportedOperationException && String.valueOf(thrown.getMessage()).startsWith("Unexpected message id from the client");
    }

    static void show(String message) {
        Notification notification = Notification.show(message, 8000, Notification.Position.TOP_CENTER);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notification.setId("error-notification");
    }

    static boolean isExpected(Throwable error) {
        return error instanceof UserFacingException;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable current = error;
        while (current.getCause() != null && !isExpected(current)) {
            current = current.getCause();
        }
        return current;
    }
}

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
import org.springframework.stereotype.Component;

/**
 * The global error handler: every uncaught error in a UI is logged with a reference and shown to the user as a
 * notification. Expected refusals show their own message (it says what to do); anything else a generic message with
 * the reference to quote to support. Never a stack trace in the browser.
 */
@Component
class UserFacingErrors implements VaadinServiceInitListener {

    private static final Logger log = LoggerFactory.getLogger(UserFacingErrors.class);

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(this::handle));
    }

    private void handle(ErrorEvent event) {
        Throwable error = rootCause(event.getThrowable());
        String message;
        if (isExpected(error)) {
            log.info("Refused: {}", error.getMessage());
            message = error.getMessage();
        } else if (DatabaseOutage.isCauseOf(event.getThrowable())) {
            log.warn("A page's request failed, the database is unreachable: {}", event.getThrowable().getMessage());
            message = DatabaseOutage.MESSAGE;
        } else {
            message = ErrorReference.message(ErrorReference.logged(log, "Unexpected error", event.getThrowable()));
        }
        UI ui = UI.getCurrent();
        if (ui != null) {
            ui.access(() -> show(message));
        }
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

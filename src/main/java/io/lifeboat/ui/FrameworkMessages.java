package io.lifeboat.ui;

import com.vaadin.flow.server.CustomizedSystemMessages;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import org.springframework.stereotype.Component;

/**
 * When Vaadin finds the page's session or UI gone (a node restarted, a laptop that slept past the missed heartbeats),
 * the page reloads instead of showing Vaadin's "session expired" box; the reload goes through Spring Security, which
 * sends the user to the login (the local form, or Keycloak with OIDC) and back to the same page afterwards. An HTTP
 * session that timed out takes the same way without this: Vaadin's security configurer answers the page's next
 * request with a reload into the login (SessionExpiryBrowserTest). Vaadin's internal-error box says what to do.
 */
@Component
class FrameworkMessages implements VaadinServiceInitListener {

    /**
     * Vaadin's box when the page and the server fell out of step ("Internal error. Please notify the administrator"):
     * what happened to the user's work and what to do, in our words. A click or Esc reloads the page.
     */
    private static final String INTERNAL_ERROR_CAPTION = "This page lost step with the portal";
    private static final String INTERNAL_ERROR_MESSAGE = "Click here or press Esc to reload it. Failovers and other operations you started "
            + "go on at the provider; the Tasks page shows how they are doing.";

    @Override
    public void serviceInit(ServiceInitEvent event) {
        CustomizedSystemMessages messages = new CustomizedSystemMessages();
        messages.setSessionExpiredNotificationEnabled(false);
        messages.setSessionExpiredURL(null);
        messages.setInternalErrorCaption(INTERNAL_ERROR_CAPTION);
        messages.setInternalErrorMessage(INTERNAL_ERROR_MESSAGE);
        event.getSource().setSystemMessagesProvider(info -> messages);
    }
}

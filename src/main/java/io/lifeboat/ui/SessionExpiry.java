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
 * request with a reload into the login (SessionExpiryBrowserTest).
 */
@Component
class SessionExpiry implements VaadinServiceInitListener {

    @Override
    public void serviceInit(ServiceInitEvent event) {
        CustomizedSystemMessages messages = new CustomizedSystemMessages();
        messages.setSessionExpiredNotificationEnabled(false);
        messages.setSessionExpiredURL(null);
        event.getSource().setSystemMessagesProvider(info -> messages);
    }
}

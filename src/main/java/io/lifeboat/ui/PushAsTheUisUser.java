package io.lifeboat.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.communication.AtmospherePushConnection;
import com.vaadin.flow.server.communication.PushConnection;
import com.vaadin.flow.server.communication.PushConnectionFactory;

/**
 * Every push to a page is written as the user the page was opened by. A push reads data as it is written (a grid's
 * rows after a refresh), and it runs in whichever thread releases the session's lock: one of Tomcat's, ending a
 * closed page's websocket, has no user, and the grid's read was refused ("not logged in"), which left the State
 * column of a tenant's replica grid empty until a reload. Vaadin finds this class through
 * {@code META-INF/services} when it sets a page's push up, in the request that opens the page.
 */
public class PushAsTheUisUser implements PushConnectionFactory {

    @Override
    public PushConnection apply(UI ui) {
        return new UserBoundPush(ui, RunAs.currentUser());
    }

    private static final class UserBoundPush extends AtmospherePushConnection {

        private final RunAs.User user;

        UserBoundPush(UI ui, RunAs.User user) {
            super(ui);
            this.user = user;
        }

        @Override
        public void push(boolean async) {
            RunAs.run(user, () -> super.push(async));
        }
    }
}

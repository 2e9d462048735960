package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.vaadin.flow.server.VaadinSession;
import io.lifeboat.AsUser;
import io.lifeboat.LabReset;
import io.lifeboat.LabTest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.replica.ReplicaOverviewService;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.List;
import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A push is written as the page's user, whichever thread releases the session's lock: the thread of a closing
 * websocket has no user, and the replica grid's read in the push that refreshed it was refused, which left its State
 * column empty.
 */
@LabTest
class PushAsTheUisUserBrowserTest {

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired ServletWebServerApplicationContext web;
    @Autowired FailoverService failover;
    @Autowired LabReset lab;
    @Autowired ReplicaOverviewService overview;
    @Autowired AsUser as;

    @AfterEach
    void leaveTheLabAsSeeded() {
        lab.acmeAsSeeded();
    }

    @Test
    void a_push_from_a_thread_without_a_user_still_reads_the_grid_as_the_pages_user() throws Exception {
        PortalPage acme = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("acme-admin", "acme");
        assertThat(acme.stateOf("mail-01")).hasAttribute("data-state", "READY");
        VaadinSession session = vaadinSessionOf(acme);

        session.lock();   // what the failover changes reaches the page only when this thread lets go of the session
        try {
            new FailedOverReplicas(as, overview, failover).of("acme-admin", "mail-01");
        } finally {
            SecurityContextHolder.clearContext();   // this thread is nobody's, as Tomcat's ending a websocket
            session.unlock();   // runs the queued refreshes, then the push
        }

        assertNull(SecurityContextHolder.getContext().getAuthentication(), "the push put this thread's own (no) user back");
        assertThat(acme.stateOf("mail-01")).hasAttribute("data-state", "FAILED_OVER");
        for (String vm : List.of("app-01", "db-01", "web-01", "web-02")) {
            assertThat(acme.stateOf(vm)).hasAttribute("data-state", "READY");
        }
    }

    private VaadinSession vaadinSessionOf(PortalPage page) throws java.io.IOException {
        String id = page.page().context().cookies().stream().filter(cookie -> cookie.name.equals("JSESSIONID")).findFirst().orElseThrow().value;
        Context context = (Context) ((TomcatWebServer) web.getWebServer()).getTomcat().getHost().findChildren()[0];
        HttpSession http = context.getManager().findSession(id).getSession();
        return Collections.list(http.getAttributeNames()).stream().map(http::getAttribute)
                .filter(VaadinSession.class::isInstance).map(VaadinSession.class::cast).findFirst().orElseThrow();
    }
}

package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import io.lifeboat.LabTest;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

/**
 * A session that times out while the page is open leads back to the login, not to Vaadin's "session expired" box; a
 * page out of step with the server is offered a reload in plain words.
 */
@LabTest
class SessionExpiryBrowserTest {

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;
    @Autowired ServletWebServerApplicationContext web;

    @Test
    void an_expired_session_reloads_into_the_login_and_back_to_the_page_after_it() {
        PortalPage acme = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("acme-admin", "acme");
        assertThat(acme.gridCell("replica-grid", "web-01")).isVisible();

        expireAllSessions(); // what the session timeout does, without waiting for it

        acme.page().locator("vaadin-side-nav-item[path='tasks']").click();
        assertThat(acme.page().locator("#login-form")).isVisible();
        assertThat(acme.page().locator("#error-notification")).hasCount(0);
        assertThat(acme.page().getByText("Session Expired")).hasCount(0);
        acme.page().locator("#vaadinLoginUsername input").fill("acme-admin");
        acme.page().locator("#vaadinLoginPassword input").fill("acme");
        acme.page().locator("vaadin-login-form vaadin-button").first().click();
        assertThat(acme.page().locator("#current-user")).containsText("acme-admin");
    }

    /**
     * A page whose message does not follow the last one its UI handled (Vaadin's race around a login) gets Vaadin's box
     * in our words and no error notification of ours besides, and works again after the reload the box offers.
     */
    @Test
    void a_page_out_of_step_with_the_server_is_offered_a_reload_in_plain_words() {
        PortalPage acme = new PortalPage(chromium.newPage("http://localhost:" + port)).logIn("acme-admin", "acme");
        assertThat(acme.gridCell("replica-grid", "web-01")).isVisible();
        Page page = acme.page();
        // The grid has fetched its rows by now, so the UI has handled messages past the first: a repeated 0 is stale.
        page.route(url -> url.contains("v-r=uidl"), route -> route.resume(new Route.ResumeOptions()
                .setPostData(route.request().postData().replaceFirst("\"clientId\":\\d+", "\"clientId\":0"))));

        page.locator("vaadin-side-nav-item[path='tasks']").click();
        assertThat(page.locator(".v-system-error")).containsText("This page lost step with the portal");
        assertThat(page.locator(".v-system-error")).containsText("the Tasks page shows how they are doing");
        assertThat(page.locator("#error-notification")).hasCount(0);

        page.unrouteAll();
        page.keyboard().press("Escape");
        assertThat(page.locator("#current-user")).containsText("acme-admin");
        assertThat(page.locator(".v-system-error")).hasCount(0);
    }

    private void expireAllSessions() {
        TomcatWebServer tomcat = (TomcatWebServer) web.getWebServer();
        Context context = (Context) tomcat.getTomcat().getHost().findChildren()[0];
        for (Session session : context.getManager().findSessions()) {
            session.expire();
        }
    }
}

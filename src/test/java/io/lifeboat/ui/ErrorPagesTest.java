package io.lifeboat.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Response;
import io.lifeboat.LabTest;
import io.lifeboat.browser.Chromium;
import io.lifeboat.browser.PortalPage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Errors never turn into redirect loops: a request that fails, logged in or not, shows an error page with a reference
 * and a way back, with a real status; a session id in the URL is dropped with one redirect.
 */
@LabTest
class ErrorPagesTest {

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void a_request_that_fails_before_the_portal_answers_shows_the_error_page_with_a_reference_not_a_login_redirect() throws Exception {
        HttpResponse<String> response = get(FailingFilterForTests.PATH);
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).containsPattern("reference [0-9a-f]{8}").contains("href=\"/\"");
    }

    @Test
    void a_page_that_fails_to_open_shows_the_reference_and_a_way_back_with_status_500() {
        PortalPage anonymous = new PortalPage(chromium.newPage(baseUrl()));
        Response response = anonymous.page().navigate("/" + FailingPageForTests.PATH);
        assertThat(response.status()).isEqualTo(500);
        assertThat(anonymous.page().locator("#error-reference")).containsText("reference ");
        anonymous.page().locator("#back-to-start").click();
        assertThat(anonymous.page().locator("#login-form")).isVisible();

        PortalPage acme = new PortalPage(chromium.newPage(baseUrl())).logIn("acme-admin", "acme");
        assertThat(acme.page().navigate("/" + FailingPageForTests.PATH).status()).isEqualTo(500);
        assertThat(acme.page().locator("#error-reference")).containsText("reference ");
        acme.page().locator("#back-to-start").click();
        assertThat(acme.page().locator("#replica-grid")).isVisible();
    }

    @Test
    void an_unknown_page_is_a_404_with_a_way_back() throws Exception {
        PortalPage acme = new PortalPage(chromium.newPage(baseUrl())).logIn("acme-admin", "acme");
        assertThat(acme.page().navigate("/no-such-page").status()).isEqualTo(404);
        assertThat(acme.page().locator("#not-found")).isVisible();
        assertThat(acme.page().locator("#back-to-start")).isVisible();

        HttpResponse<String> error = get("/error");
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.body()).doesNotContain("999");
    }

    @Test
    void a_session_id_in_the_url_is_dropped_with_one_redirect_and_the_login_opens() throws Exception {
        HttpResponse<String> first = get("/login;jsessionid=0123456789ABCDEF");
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        HttpResponse<String> login = get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }
}

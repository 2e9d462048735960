package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.lifeboat.Postgres;
import io.lifeboat.SecondLane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A new provider's first run, as the README describes it: the production profile on an empty PostgreSQL (no lab, no
 * accounts), the one-time setup link (its token given in {@code LIFEBOAT_SETUP_TOKEN}, as for an unattended install),
 * the first administrator with a strong password, logged in; the link refused the second time.
 */
@ExtendWith(Postgres.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.quartz.scheduler-name=lifeboat-first-run-test", "LIFEBOAT_SETUP_TOKEN=" + FirstRunBrowserTest.TOKEN})
@ActiveProfiles({"test", "postgres"})
@DirtiesContext
@SecondLane
class FirstRunBrowserTest {

    static final String TOKEN = "first-run-browser-test-token-4f1c9a";
    private static final String PASSWORD = "lifeboats float in any weather";

    /** A new browser context loads Vaadin's bundle again: more than the 5 s default on a busy machine. */
    private static final LocatorAssertions.IsVisibleOptions LOADED = new LocatorAssertions.IsVisibleOptions().setTimeout(30_000);

    @RegisterExtension
    static Chromium chromium = new Chromium();

    @LocalServerPort int port;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.start();
        registry.add("spring.datasource.url", Postgres::jdbcUrl);
        registry.add("spring.datasource.username", () -> Postgres.USER);
        registry.add("spring.datasource.password", () -> "");
    }

    @Test
    void the_setup_link_creates_the_first_administrator_with_a_strong_password_logs_in_and_works_once() {
        Page guess = chromium.newPage(baseUrl());
        guess.navigate("/setup/not-the-token");
        assertThat(guess.locator("#setup-link-invalid")).isVisible(LOADED);

        Page setup = chromium.newPage(baseUrl());
        setup.navigate("/setup/" + TOKEN);
        setup.locator("#setup-username input").fill("admin");
        setup.locator("#setup-password input").fill("password1234");
        setup.locator("#setup-password-again input").fill("password1234");
        setup.locator("#setup-create").click();
        assertThat(setup.locator("#setup-password")).containsText("well-known");

        setup.locator("#setup-password input").fill(PASSWORD);
        setup.locator("#setup-password-again input").fill(PASSWORD + " typo");
        setup.locator("#setup-create").click();
        assertThat(setup.locator("#setup-password-again")).containsText("differ");

        setup.locator("#setup-password-again input").fill(PASSWORD);
        setup.locator("#setup-create").click();
        assertThat(setup.locator("#current-user")).containsText("admin", PortalPage.LOGIN);

        Page again = chromium.newPage(baseUrl());
        again.navigate("/setup/" + TOKEN);
        assertThat(again.locator("#setup-link-invalid")).isVisible(LOADED);
        assertThat(again.locator("#setup-create")).hasCount(0);

        new PortalPage(chromium.newPage(baseUrl())).logIn("admin", PASSWORD);
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }
}

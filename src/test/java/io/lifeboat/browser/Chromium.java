package io.lifeboat.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's Chromium driven by Playwright, one browser per test class. Playwright cannot download browsers here, so it
 * is pointed at /usr/bin/chromium with the flags that keep it off the (closed) network.
 */
public class Chromium implements BeforeAllCallback, AfterAllCallback {

    private static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");

    private Playwright playwright;
    private Browser browser;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException("Browser tests need Debian's Chromium at " + EXECUTABLE + ": apt-get install chromium");
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--no-first-run", "--disable-sync", "--disable-quic")));
    }

    /** A fresh page in its own context (its own cookies: one logged-in user per page). */
    public Page newPage(String baseUrl) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl).setViewportSize(1400, 900));
        context.setDefaultTimeout(20_000);
        return context.newPage();
    }

    /** A fresh page of {@code width} × 844 CSS pixels (390: a phone) in light or dark ({@code dark}) colour scheme. */
    public Page newPage(String baseUrl, int width, boolean dark) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl).setViewportSize(width, 844)
                .setColorScheme(dark ? com.microsoft.playwright.options.ColorScheme.DARK : com.microsoft.playwright.options.ColorScheme.LIGHT));
        context.setDefaultTimeout(20_000);
        return context.newPage();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }
}

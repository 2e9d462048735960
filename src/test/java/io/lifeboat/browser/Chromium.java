package io.lifeboat.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's Chromium driven by Playwright, one browser per test class. Playwright cannot download browsers here, so it
 * is pointed at /usr/bin/chromium with the flags that keep it off the (closed) network. The pages a test opened are
 * closed as soon as it ends: left open, each kept its Vaadin UI live (pushes, ticking times) and the later tests of
 * the class shared two cores with them.
 */
public class Chromium implements BeforeAllCallback, AfterTestExecutionCallback, AfterAllCallback {

    private static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");

    /**
     * Reports every Content-Security-Policy violation of a page to {@link #cspViolations}: the event fires for whatever
     * the policy blocked (an eval, an inline handler, a foreign script or connection), also when the page swallows the error.
     */
    private static final String CSP_LISTENER = "document.addEventListener('securitypolicyviolation', e =>"
            + " window.lifeboatCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || '?') + ' at ' + e.sourceFile + ':' + e.lineNumber));";

    private final List<String> extraArgs;
    private Playwright playwright;
    private Browser browser;
    private final List<String> cspViolations = new CopyOnWriteArrayList<>();
    private final List<String> failedLoads = new CopyOnWriteArrayList<>();
    private final List<BrowserContext> openContexts = new CopyOnWriteArrayList<>();

    public Chromium() {
        this(new String[0]);
    }

    /** A browser launched with these flags besides the usual ones (e.g. {@code --renderer-process-limit=8}). */
    public Chromium(String... extraArgs) {
        this.extraArgs = List.of(extraArgs);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException("Browser tests need Debian's Chromium at " + EXECUTABLE + ": apt-get install chromium");
        }
        // On a busy machine Vaadin's first render takes several seconds: assertions wait as long as actions do.
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE).setHeadless(true)
                .setArgs(Stream.concat(Stream.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"), extraArgs.stream()).toList()));
    }

    /** A fresh page in its own context (its own cookies: one logged-in user per page). */
    public Page newPage(String baseUrl) {
        BrowserContext context = opened(browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl).setViewportSize(1400, 900)));
        context.setDefaultTimeout(20_000);
        context.exposeFunction("lifeboatCspViolation", args -> {
            cspViolations.add(String.valueOf(args[0]));
            System.out.println("[chromium CSP violation] " + args[0]);
            return null;
        });
        context.addInitScript(CSP_LISTENER);
        Page page = context.newPage();
        // The browser's complaints (a script the CSP blocked, a failed request) end up next to the server's log.
        page.onConsoleMessage(message -> {
            if (message.type().equals("error") || message.type().equals("warning")) {
                System.out.println("[chromium " + message.type() + "] " + page.url() + ": " + message.text());
            }
            // the browser's own requests (the tab's icon) reach no response listener, only this message
            if (message.type().equals("error") && message.text().startsWith("Failed to load resource")) {
                failedLoads.add(message.location() + ": " + message.text());
            }
        });
        page.onResponse(response -> {
            if (response.status() >= 400) {
                System.out.println("[chromium " + response.status() + "] " + response.request().method() + " " + response.url());
            }
        });
        page.onPageError(error -> System.out.println("[chromium page error] " + page.url() + ": " + error));
        return page;
    }

    /** The browser itself, for a test that arranges its own contexts (one context holding many pages). */
    public Browser browser() {
        return browser;
    }

    /** Every Content-Security-Policy violation any page of this browser reported so far. */
    public List<String> cspViolations() {
        return List.copyOf(cspViolations);
    }

    /** Every resource a page of {@link #newPage(String)} could not load (its URL: the message), the browser's own requests included. */
    public List<String> failedLoads() {
        return List.copyOf(failedLoads);
    }

    /** A fresh page of {@code width} × 844 CSS pixels (390: a phone) in light or dark ({@code dark}) colour scheme. */
    public Page newPage(String baseUrl, int width, boolean dark) {
        BrowserContext context = opened(browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl).setViewportSize(width, 844)
                .setColorScheme(dark ? com.microsoft.playwright.options.ColorScheme.DARK : com.microsoft.playwright.options.ColorScheme.LIGHT)));
        context.setDefaultTimeout(20_000);
        return context.newPage();
    }

    private BrowserContext opened(BrowserContext context) {
        openContexts.add(context);
        return context;
    }

    /** Before the test's own clean-up, so no page watches the lab being reset. */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        closePages();
    }

    /** Closes every page the test opened so far (a page left open keeps asking its portal for pushes). */
    public void closePages() {
        for (BrowserContext open : openContexts) {
            open.close();
        }
        openContexts.clear();
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

package io.lifeboat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.lifeboat.lab.network.LabNetwork;
import io.lifeboat.lab.network.LabTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's first command, exactly as a new user runs it: {@code ./lifeboat run} in a copy of this tree that has
 * only what git would check out (no {@code frontend/generated/}, no {@code data/}, no build output), then Chromium logs
 * in as acme's operator and as the provider. The script itself builds and starts the portal, so a change to its build
 * or start is tested here too. A second {@code ./lifeboat run} with nothing changed must not rebuild.
 */
class FreshCloneRunTest {

    private static final Path CLONE = Path.of("target", "fresh-clone").toAbsolutePath();
    private static final Duration FIRST_START = Duration.ofMinutes(15); // a cold build: dependencies, npm, the bundle
    private static final Duration SECOND_START = Duration.ofMinutes(5);

    @RegisterExtension
    static Chromium chromium = new Chromium();

    /** The lab's namespaces get a prefix of this test JVM's own, so a lab a developer runs at the same time is left alone. */
    private final String netnsPrefix = LabTestSupport.uniquePrefix() + "r";
    private PortalProcess portal;

    @Test
    void lifeboat_run_from_a_fresh_clone_serves_a_working_portal_and_a_second_run_does_not_rebuild() throws Exception {
        copyWhatGitChecksOut(CLONE);
        assertThat(CLONE.resolve("frontend/generated")).doesNotExist();
        assertThat(CLONE.resolve("data")).doesNotExist();

        portal = PortalProcess.start(CLONE, freePort(), netnsPrefix, CLONE.resolve("run-1.log"));
        portal.awaitReady(FIRST_START);
        assertThat(portal.output()).contains("Building target/production/lifeboat.jar").contains("acme-admin").contains("API token lb_");
        if (LabNetwork.isRoot()) {
            assertThat(portal.output()).as("the lab's agents start from a kit made out of the Boot jar").contains("lab agent kit made in");
        }
        logInAndLookAround(portal.baseUrl());
        portal.stop();
        assertThat(portal.output()).as("a user's first run logs no error, from start to stop").doesNotContain(" ERROR ")
                .as("nor springdoc's advice to switch off the API docs it serves on purpose").doesNotContain("SpringDocAppInitializer");

        long started = System.nanoTime();
        portal = PortalProcess.start(CLONE, freePort(), netnsPrefix, CLONE.resolve("run-2.log"));
        portal.awaitReady(SECOND_START);
        System.out.printf("second ./lifeboat run: ready after %.1f s without a rebuild%n", (System.nanoTime() - started) / 1e9);
        assertThat(portal.output()).contains("is up to date with the sources: not rebuilding").doesNotContain("Building target/");
        logInAndLookAround(portal.baseUrl());
    }

    @AfterEach
    void stopPortal() {
        if (portal != null) {
            portal.stop();
        }
        if (LabNetwork.isRoot()) {
            LabNetwork.sweep(netnsPrefix);
        }
    }

    /** The pages are closed before the portal stops: left open, they would try its push channel again and again. */
    private static void logInAndLookAround(String baseUrl) {
        Page acmePage = chromium.newPage(baseUrl);
        acmePage.setDefaultTimeout(60_000); // the first page load compiles nothing, but the machine may be busy
        PortalPage acme = new PortalPage(acmePage).logIn("acme-admin", "acme");
        assertThat(acme.page().locator("[id^='state-']")).hasCount(6);
        assertThat(acme.gridCell("replica-grid", "web-01")).isVisible();
        assertThat(acme.page().locator("#error-notification")).hasCount(0);
        acme.screenshot("fresh-clone-01-acme-replicas");
        acme.logOut();

        PortalPage provider = new PortalPage(chromium.newPage(baseUrl)).logIn("provider", "provider");
        assertThat(provider.gridCell("tenant-grid", "ACME Corporation")).isVisible();
        assertThat(provider.gridCell("tenant-grid", "Globex")).isVisible();
        provider.screenshot("fresh-clone-02-provider-dashboard");
        provider.logOut();
        chromium.closePages();
        assertThat(chromium.cspViolations()).as("the production bundle runs under the Content-Security-Policy").isEmpty();
        assertThat(chromium.failedLoads()).as("every page loaded all it asked for, the tab's icon included").isEmpty();
    }

    /** What {@code git clone} of this tree would hold: tracked files plus new ones git does not ignore, as they are now. */
    static void copyWhatGitChecksOut(Path target) throws IOException, InterruptedException {
        deleteRecursively(target);
        Process git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").start();
        String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git ls-files").isZero();
        for (String file : listing.split("\0")) {
            Path source = Path.of(file);
            if (!file.isEmpty() && Files.isRegularFile(source)) {
                Path copy = target.resolve(file);
                Files.createDirectories(copy.getParent());
                Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code ./lifeboat run --port N} as a child process, its output kept in memory and in a log file. */
    private record PortalProcess(Process process, int port, StringBuffer out, AtomicBoolean stopping) {

        static PortalProcess start(Path dir, int port, String netnsPrefix, Path log) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(List.of("./lifeboat", "run", "--port", String.valueOf(port)))
                    .directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().put("LIFEBOAT_LAB_NETNS_PREFIX", netnsPrefix);
            PortalProcess portal = new PortalProcess(builder.start(), port, new StringBuffer(), new AtomicBoolean());
            Thread reader = new Thread(() -> portal.copyOutput(log), "lifeboat-run-output");
            reader.setDaemon(true);
            reader.start();
            return portal;
        }

        private void copyOutput(Path log) {
            try (InputStream in = process.getInputStream(); var file = Files.newOutputStream(log)) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    file.write(buffer, 0, n);
                    out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                if (!stopping.get()) {
                    throw new UncheckedIOException(e);
                }
                // Process.destroy() closes the output under a blocked read ("Stream closed"): that is its end
            }
        }

        String baseUrl() {
            return "http://localhost:" + port;
        }

        String output() {
            return out.toString();
        }

        /** Waits for the banner the script's portal prints once it answers; fails at once if the script ends. */
        void awaitReady(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!output().contains("Lifeboat is ready")) {
                if (!process.isAlive()) {
                    throw new AssertionError("./lifeboat run ended with exit code " + process.exitValue() + ":\n" + tail());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("./lifeboat run was not ready after " + timeout + ":\n" + tail());
                }
                Thread.sleep(500);
            }
        }

        private String tail() {
            String text = output();
            return text.substring(Math.max(0, text.length() - 6000));
        }

        /** Ctrl-C's way out (the portal stops the lab it started), then by force whatever is left of the tree. */
        void stop() {
            if (!process.isAlive()) {
                return;
            }
            List<ProcessHandle> tree = process.descendants().toList();
            stopping.set(true);
            process.destroy();
            try {
                if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }
}

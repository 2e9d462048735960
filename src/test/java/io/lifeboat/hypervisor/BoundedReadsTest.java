package io.lifeboat.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A vCenter that hangs costs a page the read's wait once, then nothing, and never a pile of reads. */
class BoundedReadsTest {

    private static final String PROVIDER = "https://vc.provider.example/sdk";
    private static final String TENANT = "https://vc.acme.example/sdk";

    private final ExecutorService readers = Executors.newCachedThreadPool();
    private final BoundedReads reads = new BoundedReads(Duration.ofMillis(300), readers, Clock.systemUTC());
    private final CountDownLatch vcenterAnswers = new CountDownLatch(1);
    private final AtomicInteger started = new AtomicInteger();

    @AfterEach
    void answer() {
        vcenterAnswers.countDown();
        readers.shutdownNow();
    }

    @Test
    void a_listing_that_answers_in_time_is_returned_as_it_is() {
        assertThat(reads.read(PROVIDER, "listing lifeboat-appliances/acme", () -> List.of())).isEmpty();
    }

    @Test
    void a_hung_site_is_waited_for_once_then_every_folder_there_fails_at_once_without_a_second_read() {
        assertThatThrownBy(() -> reads.read(PROVIDER, "listing lifeboat-appliances/acme", hanging()))
                .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.kind()).isEqualTo(HypervisorException.Kind.TIMEOUT))
                .hasMessageContaining("vCenter at " + PROVIDER + " has not answered for");

        long before = System.nanoTime();
        assertThatThrownBy(() -> reads.read(PROVIDER, "listing lifeboat-appliances/globex", hanging()))   // the next tenant's folder
                .isInstanceOf(HypervisorException.class).hasMessageContaining("(listing lifeboat-appliances/acme)");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("not waited for again").isLessThan(Duration.ofMillis(300));
        assertThat(started).as("no second read beside the hung one").hasValue(1);

        assertThat(reads.read(TENANT, "listing lifeboat-appliances/acme", () -> List.of())).as("another site is not held up").isEmpty();
        assertThat(reads.hangingSince(PROVIDER)).hasValueSatisfying(since -> assertThat(since).isBefore(Instant.now()));
        assertThat(reads.hangingSince(TENANT)).isEmpty();
    }

    @Test
    void once_the_hung_listing_ends_the_site_is_read_again() throws Exception {
        assertThatThrownBy(() -> reads.read(PROVIDER, "listing lifeboat-appliances/acme", hanging())).isInstanceOf(HypervisorException.class);
        vcenterAnswers.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                assertThat(reads.read(PROVIDER, "listing lifeboat-appliances/acme", () -> List.of())).isEmpty();
                assertThat(reads.hangingSince(PROVIDER)).isEmpty();
                return;
            } catch (HypervisorException stillHung) {
                assertThat(System.nanoTime()).as("the site was never read again").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    @Test
    void a_listing_that_fails_fails_with_its_own_error() {
        HypervisorException refused = new HypervisorException(HypervisorException.Kind.UNREACHABLE, "connection refused");
        assertThatThrownBy(() -> reads.read(PROVIDER, "listing lifeboat-appliances/acme", () -> {
            throw refused;
        })).isSameAs(refused);
        assertThat(reads.read(PROVIDER, "listing lifeboat-appliances/acme", () -> List.of())).as("a failure is no hang").isEmpty();
    }

    private Supplier<List<VmInfo>> hanging() {
        return () -> {
            started.incrementAndGet();
            try {
                vcenterAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        };
    }
}

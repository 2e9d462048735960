package io.lifeboat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import io.lifeboat.shared.UserFacingException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a page is told when its slow call answers or fails (the wizard's pre-flight): the answer, a refusal's own
 * message, or for anything unexpected the message with a support reference, never both and never the stack trace.
 * The push that carries it to the page is Vaadin's ({@code UI.access}) and is exercised by the browser tests.
 */
class UiBackgroundTest {

    private final List<String> answers = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    @Test
    void an_answer_reaches_the_page_and_nothing_is_reported_as_failed() {
        UiBackground.answerOf(() -> "3 VMs fit the quota", answers::add, failures::add).run();

        assertThat(answers).containsExactly("3 VMs fit the quota");
        assertThat(failures).isEmpty();
    }

    @Test
    void a_refusal_tells_the_page_its_own_message_which_says_what_to_do() {
        Runnable update = UiBackground.<String>answerOf(() -> {
            throw new UserFacingException("Your quota allows 2 more VMs: choose fewer, or ask your provider for more.");
        }, answers::add, failures::add);

        assertThat(failures).as("nothing reaches the page before the update runs in it").isEmpty();
        update.run();
        assertThat(failures).containsExactly("Your quota allows 2 more VMs: choose fewer, or ask your provider for more.");
        assertThat(answers).isEmpty();
    }

    @Test
    void an_unexpected_error_tells_the_page_a_reference_to_quote_not_its_details() {
        UiBackground.<String>answerOf(() -> {
            throw new IllegalStateException("connection pool exhausted at db-7");
        }, answers::add, failures::add).run();

        assertThat(failures).singleElement().asString().contains("reference").contains("Try again")
                .doesNotContain("connection pool", "db-7", "IllegalStateException");
        assertThat(answers).isEmpty();
    }

    /** Eight users whose pre-flights wait for their NEAs to boot leave a ninth user's call answered at once. */
    @Test
    void slow_calls_of_eight_users_leave_room_for_a_ninth() throws Exception {
        UiBackground background = new UiBackground();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ninthRan = new CountDownLatch(1);
        try {
            for (int user = 0; user < 8; user++) {
                background.call(new UI(), () -> {
                    awaitQuietly(release);
                    return "booted";
                }, answers::add, failures::add);
            }
            background.call(new UI(), () -> {
                ninthRan.countDown();
                return "read";
            }, answers::add, failures::add);
            assertThat(ninthRan.await(10, TimeUnit.SECONDS)).as("the ninth call ran while the eight waited").isTrue();
        } finally {
            release.countDown();
            background.destroy();
        }
    }

    /**
     * A page's tunnels are read again at every change of a failover: asked five times while one read runs, it reads
     * once more after it, not five times, and never two reads at once. (The page here has no session, so the answers
     * are dropped as for a closed page; the reads are what is counted.)
     */
    @Test
    void a_repeatable_read_asked_again_while_it_reads_reads_once_more_after_it_never_twice_at_once() throws Exception {
        UiBackground background = new UiBackground();
        CountDownLatch firstReadRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Runnable refresh = background.repeatable(new UI(), () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            int read = reads.incrementAndGet();
            if (read == 1) {
                firstReadRunning.countDown();
                awaitQuietly(release);
            }
            running.decrementAndGet();
            return read;
        }, answer -> answers.add("read " + answer), failures::add);
        try {
            refresh.run();
            assertThat(firstReadRunning.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 5; i++) {
                refresh.run();
            }
            release.countDown();
            assertThat(readsSettleAt(reads)).isEqualTo(2);

            refresh.run();
            assertThat(readsSettleAt(reads)).as("asked after the reads ended: one read more").isEqualTo(3);
            assertThat(mostAtOnce).hasValue(1);
            assertThat(failures).isEmpty();
        } finally {
            background.destroy();
        }
    }

    /** The count once it has not changed for 300 ms (10 s at most). */
    private static int readsSettleAt(AtomicInteger reads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int seen = -1;
        while (System.nanoTime() < deadline) {
            int now = reads.get();
            if (now == seen) {
                return now;
            }
            seen = now;
            Thread.sleep(300);
        }
        return reads.get();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

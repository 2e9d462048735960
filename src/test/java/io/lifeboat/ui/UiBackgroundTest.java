package io.lifeboat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.shared.UserFacingException;
import java.util.ArrayList;
import java.util.List;
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
}

package io.lifeboat.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.Test;

/** A browser that leaves while its answer is written, or a page out of step, is not an error; anything else still is. */
class UserFacingErrorsTest {

    @Test
    void a_browser_gone_mid_answer_is_no_error_to_log_or_show() {
        assertThat(UserFacingErrors.isClientGone(new UncheckedIOException(new ClientAbortException(new IOException("Broken pipe"))))).isTrue();
        assertThat(UserFacingErrors.isClientGone(new IOException("Connection reset by peer"))).isTrue();
    }

    @Test
    void a_failure_of_ours_is_still_an_error() {
        assertThat(UserFacingErrors.isClientGone(new IllegalStateException("no such replica"))).isFalse();
        assertThat(UserFacingErrors.isClientGone(new IOException("Disk full"))).isFalse();
        assertThat(UserFacingErrors.isPageOutOfStep(new UnsupportedOperationException("Not supported for drills"))).isFalse();
    }

    @Test
    void a_page_update_that_fails_as_lifeboat_stops_is_no_error() {
        UserFacingErrors errors = new UserFacingErrors();
        IllegalStateException databaseClosed = new IllegalStateException("Could not open JPA EntityManager for transaction");
        assertThat(errors.isStopping(databaseClosed)).as("while running, it is an error").isFalse();
        errors.stopping();
        assertThat(errors.isStopping(databaseClosed)).isTrue();
    }

    @Test
    void a_page_out_of_step_is_vaadins_to_answer_with_a_reload() {
        assertThat(UserFacingErrors.isPageOutOfStep(new UnsupportedOperationException(
                "Unexpected message id from the client. Expected client id: 1, got 0. more details logged on DEBUG level."))).isTrue();
    }
}

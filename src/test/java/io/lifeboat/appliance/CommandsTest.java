package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A command that hangs (a wedged nft or ip) is given up at its timeout. Its output used to be read to the end before
 * the timeout was looked at, so the caller (a gateway host's command thread, an NEA applying its state) hung with it.
 */
class CommandsTest {

    @Test
    void a_command_that_hangs_is_given_up_at_its_timeout_with_what_it_printed() {
        Commands.Result result = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> Commands.run(List.of("sh", "-c", "echo started; sleep 60"), null, Duration.ofSeconds(1)));
        assertThat(result.ran()).isFalse();
        assertThat(result.output()).contains("timed out after 1 s");
    }

    @Test
    void a_command_that_ends_answers_its_exit_code_and_output() {
        Commands.Result result = Commands.run(List.of("sh", "-c", "cat; exit 3"), "from stdin", Duration.ofSeconds(10));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).isEqualTo("from stdin");
    }
}

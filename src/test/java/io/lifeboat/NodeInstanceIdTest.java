package io.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The portal's Quartz starts on a host whose name resolves nowhere (not in /etc/hosts, no DNS), as production hosts
 * often are. The host name is changed in a UTS namespace of the test's own (root), so the machine's is not touched.
 */
@Tag("netns")
class NodeInstanceIdTest {

    private static final String UNRESOLVABLE = "lifeboat-unresolvable-node";

    @Test
    void quartz_starts_with_the_portals_settings_on_a_host_whose_name_does_not_resolve() throws Exception {
        Run run = probeOnUnresolvableHost();
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).containsPattern("instance id: " + UNRESOLVABLE + "-[0-9a-f]{8}");
    }

    @Test
    void quartz_own_auto_id_fails_there_which_is_what_the_portal_avoids() throws Exception {
        Run run = probeOnUnresolvableHost("quartz-default");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("Cannot run without an instance id");
    }

    @Test
    void two_ids_on_one_host_differ() {
        NodeInstanceIdGenerator generator = new NodeInstanceIdGenerator();
        assertThat(generator.generateInstanceId()).isNotEqualTo(generator.generateInstanceId());
    }

    private static Run probeOnUnresolvableHost(String... args) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for a UTS namespace (unshare)");
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = "hostname " + UNRESOLVABLE + " && exec \"$0\" -cp \"$1\" " + QuartzInstanceIdProbe.class.getName() + " " + String.join(" ", args);
        Process process = new ProcessBuilder(List.of("unshare", "--uts", "sh", "-c", command, java, System.getProperty("java.class.path")))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private record Run(int exitCode, String output) {
    }
}

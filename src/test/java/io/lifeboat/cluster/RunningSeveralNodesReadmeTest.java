package io.lifeboat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.Readme;
import io.lifeboat.SecondLane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of the README's "Running several nodes", run exactly as written ({@code sh -c}, in the project folder)
 * with the environment the section names. The balancer itself is exercised by {@link PortalClusterTest}.
 */
@SecondLane
class RunningSeveralNodesReadmeTest {

    @TempDir Path dir;

    @Test
    void the_readme_check_of_the_balancer_configuration_passes_with_the_variables_it_names() throws Exception {
        Assumptions.assumeTrue(Balancer.installed(), "HAProxy not found at " + Balancer.HAPROXY + ": apt-get install haproxy");
        List<String> commands = Readme.commandsIn("## Running several nodes");
        assertThat(commands).containsExactly("haproxy -c -f docker/haproxy/haproxy.cfg");

        ProcessBuilder check = new ProcessBuilder("sh", "-c", commands.get(0)).redirectErrorStream(true);
        check.environment().putAll(Balancer.environment(dir, Balancer.freePort(), 8080, 8081));
        Process process = check.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Configuration file is valid");

        ProcessBuilder withoutVariables = new ProcessBuilder("sh", "-c", commands.get(0)).redirectErrorStream(true);
        withoutVariables.environment().keySet().removeIf(name -> name.startsWith("LIFEBOAT_"));
        Process unset = withoutVariables.start();
        String refusal = new String(unset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(unset.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(unset.exitValue()).as("without the variables the file is refused: %s", refusal).isNotZero();
    }
}

package io.lifeboat.lab;

import io.lifeboat.lab.network.LabNetwork;
import io.lifeboat.lab.network.LabTestSupport;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The settings of the one test context that builds the lab's real data plane, under a namespace prefix of this JVM's
 * own. Classes that name this initializer in {@code @ContextConfiguration} share that context (building the data plane
 * and a portal takes half a minute or more on a busy machine), so each of them leaves the lab as it found it.
 */
final class DataPlaneTestContext implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final String SUFFIX = "n";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String prefix = prefix();
        LabTestSupport.sweepStaleTestRuns();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("lab-data-plane-test", Map.of(
                "lifeboat.lab.data-plane", "true",
                "lifeboat.lab.netns-prefix", prefix,
                "lifeboat.lab.run-dir", LabTestSupport.runDir(prefix).toString(),
                // A drill's check of a port nobody serves fails after this (the default minute would only make tests wait).
                "lifeboat.drill.check-timeout", "PT20S")));
    }

    /** The namespace of {@code tenant}'s {@code host} in the data-plane context. */
    static String namespace(String tenant, String host) {
        return LabNetwork.namespace(prefix(), tenant, host);
    }

    private static String prefix() {
        return LabTestSupport.uniquePrefix() + SUFFIX;
    }
}

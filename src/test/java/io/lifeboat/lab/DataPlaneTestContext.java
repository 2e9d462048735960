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
class DataPlaneTestContext implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final String SUFFIX = "n";

    private final String suffix;
    private final Map<String, Object> settings;

    DataPlaneTestContext() {
        this(SUFFIX, Map.of());
    }

    /** A data-plane context of its own (namespaces under {@code suffix}) with {@code settings} on top. */
    DataPlaneTestContext(String suffix, Map<String, Object> settings) {
        this.suffix = suffix;
        this.settings = settings;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String prefix = LabTestSupport.uniquePrefix() + suffix;
        LabTestSupport.sweepStaleTestRuns();
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "lifeboat.lab.data-plane", "true",
                "lifeboat.lab.netns-prefix", prefix,
                "lifeboat.lab.run-dir", LabTestSupport.runDir(prefix).toString(),
                // A drill's check of a port nobody serves fails after this (the default minute would only make tests wait).
                "lifeboat.drill.check-timeout", "PT20S"));
        properties.putAll(settings);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("lab-data-plane-test", properties));
    }

    /** The namespace prefix of the data-plane context named by {@code suffix}. */
    static String prefix(String suffix) {
        return LabTestSupport.uniquePrefix() + suffix;
    }

        /** The namespace of {@code tenant}'s {@code host} in the shared data-plane context. */
    static String namespace(String tenant, String host) {
        return namespace(SUFFIX, tenant, host);
    }

    /** The namespace of {@code tenant}'s {@code host} in the data-plane context named by {@code suffix}. */
    static String namespace(String suffix, String tenant, String host) {
        return LabNetwork.namespace(LabTestSupport.uniquePrefix() + suffix, tenant, host);
    }
}

package io.lifeboat.lab;

import io.lifeboat.lab.network.LabTestSupport;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Properties of a test context that builds the lab's real data plane under a namespace prefix of its own. */
final class DataPlaneTestContext {

    private DataPlaneTestContext() {
    }

    /** {@code suffix} tells this context's namespaces ({@code lbt-<pid><suffix>-…}) and Quartz scheduler apart. */
    static void enable(DynamicPropertyRegistry registry, String suffix) {
        String prefix = LabTestSupport.uniquePrefix() + suffix;
        LabTestSupport.sweepStaleTestRuns();
        registry.add("lifeboat.lab.data-plane", () -> "true");
        registry.add("lifeboat.lab.netns-prefix", () -> prefix);
        registry.add("lifeboat.lab.run-dir", () -> LabTestSupport.runDir(prefix).toString());
        // Quartz registers a job store's data source by scheduler name JVM-wide: a name of its own keeps the shared
        // test context's scheduler off this context's pool once this context is closed.
        registry.add("spring.quartz.scheduler-name", () -> "data-plane-" + suffix);
    }
}

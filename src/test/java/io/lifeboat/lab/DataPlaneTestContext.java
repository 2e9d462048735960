package io.lifeboat.lab;

import io.lifeboat.lab.network.LabNetwork;
import io.lifeboat.lab.network.LabTestSupport;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Properties of a test context that builds the lab's real data plane under a namespace prefix of its own. */
final class DataPlaneTestContext {

    private DataPlaneTestContext() {
    }

    /** {@code suffix} tells this context's namespaces ({@code lbt-<pid><suffix>-…}) apart. */
    static void enable(DynamicPropertyRegistry registry, String suffix) {
        String prefix = prefix(suffix);
        LabTestSupport.sweepStaleTestRuns();
        registry.add("lifeboat.lab.data-plane", () -> "true");
        registry.add("lifeboat.lab.netns-prefix", () -> prefix);
        registry.add("lifeboat.lab.run-dir", () -> LabTestSupport.runDir(prefix).toString());
    }

    /** The namespace of {@code tenant}'s {@code host} in the context enabled with {@code suffix}. */
    static String namespace(String suffix, String tenant, String host) {
        return LabNetwork.namespace(prefix(suffix), tenant, host);
    }

    private static String prefix(String suffix) {
        return LabTestSupport.uniquePrefix() + suffix;
    }
}

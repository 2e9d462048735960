package io.lifeboat.security;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Keycloak in the background as a test run begins, when the run holds a class that needs it: its start (41 s on
 * 2 cores in a fresh clone, mostly one thread: augmentation, schema, realm import) then overlaps the first test classes
 * instead of adding to the suite's time (surefire hands the launcher one plan of all classes), at a lower CPU
 * priority so that those classes keep their pace. The class's own
 * {@link Keycloak#start()} waits for it, or starts it again if this start failed; a shutdown hook stops it if the run
 * ends first.
 */
public class KeycloakEarly implements TestExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(KeycloakEarly.class);

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        if (plan.getRoots().stream().flatMap(root -> plan.getDescendants(root).stream()).anyMatch(KeycloakEarly::needsKeycloak)) {
            Thread starting = new Thread(KeycloakEarly::startQuietly, "keycloak-early-start");
            starting.setDaemon(true);
            starting.start();
        }
    }

    private static boolean needsKeycloak(TestIdentifier test) {
        Optional<Class<?>> testClass = test.getSource().filter(ClassSource.class::isInstance).map(source -> ((ClassSource) source).getJavaClass());
        return testClass.map(c -> c.getAnnotationsByType(ExtendWith.class)).stream().flatMap(Arrays::stream)
                .flatMap(extendWith -> Arrays.stream(extendWith.value())).anyMatch(Keycloak.class::equals);
    }

    private static void startQuietly() {
        try {
            Keycloak.start(true);
        } catch (RuntimeException e) {
            log.warn("Keycloak did not start ahead of its tests (they start it again and say why): {}", e.getMessage());
        }
    }
}

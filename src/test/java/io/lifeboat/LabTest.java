package io.lifeboat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole portal on a random port with the embedded lab: two real vSphere simulators seeded through the vSphere API,
 * an in-memory database. Classes with this annotation share one Spring context (and one pair of simulators), so each
 * test leaves the VMs it used as it found them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"lab", "test"})
public @interface LabTest {
}

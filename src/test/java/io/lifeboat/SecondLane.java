package io.lifeboat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A class of the suite's second lane: it runs beside the other classes, which run one after the other in the first lane,
 * and never beside another class of this lane. The lane holds classes that mostly wait (for portal nodes, PostgreSQL,
 * idle grace periods, appliance boots: 50-80 % of the two cores idle while they ran alone) and share nothing with the
 * first lane: not the shared lab contexts, not a namespace prefix, not PostgreSQL (every class that starts it is here).
 * The suite ran 26 min with one lane, with the cores idle 38 % of it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("second-lane")
public @interface SecondLane {
}

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
 * and never beside another class of this lane. The lane holds classes that wait much of their time (for portal nodes,
 * PostgreSQL, appliance boots, idle grace periods: 40-80 % of the two cores idle while each ran alone) and whatever
 * they share must stay with them: the lab data plane's shared context and every class on it, the namespace prefix of
 * the lab's own tests, PostgreSQL (every class that starts it), the Debian packages' build. The first lane keeps the
 * shared lab context and the browser walks. With one lane the suite ran 26 min, the cores idle 38 % of it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("second-lane")
public @interface SecondLane {
}

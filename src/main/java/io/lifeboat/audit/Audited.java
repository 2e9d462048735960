package io.lifeboat.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a service method as an action for the audit log: each call through the Spring proxy appends one row with its
 * outcome, after the method's own transaction has ended (a rolled back action is logged as failed, never as done).
 * Calls nested inside another audited call are part of that action and add no row of their own.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Audited {

    /** What was done, as a user reads it: "Start failover", "Revoke API token". */
    String value();

    /** How a returned id reads in the log ("task" gives "task 42"); empty: the result is not logged. */
    String result() default "";
}

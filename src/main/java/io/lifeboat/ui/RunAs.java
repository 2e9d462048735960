package io.lifeboat.ui;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Runs code as a user who is not this thread's: a push or a background answer runs in whichever thread Vaadin or the
 * pool gives it, and must still go through the tenant-scoped services as the user it is for.
 */
final class RunAs {

    private RunAs() {
    }

    /** Runs {@code code} with {@code user}'s security context, and puts the thread's own back afterwards. */
    static void run(SecurityContext user, Runnable code) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContextHolder.setContext(user);
        try {
            code.run();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}

package io.lifeboat.ui;

import java.io.Serializable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Runs code as a user who is not this thread's: a push or a background answer runs in whichever thread Vaadin or the
 * pool gives it, and must still go through the tenant-scoped services as the user it is for. The one class of the UI
 * that handles the security context.
 */
final class RunAs {

    /** Whoever was logged in on the thread that took it; kept with a page's push connection, so serialisable as it is. */
    record User(SecurityContext context) implements Serializable {
    }

    private RunAs() {
    }

    /** The user of the current thread (a request's, or a UI's while it holds its session lock). */
    static User currentUser() {
        return new User(SecurityContextHolder.getContext());
    }

    /** Runs {@code code} as {@code user}, and puts the thread's own user back afterwards. */
    static void run(User user, Runnable code) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContextHolder.setContext(user.context());
        try {
            code.run();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}

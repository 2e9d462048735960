package io.lifeboat.ui;

import java.util.UUID;
import org.slf4j.Logger;

/** A short reference that ties what a user sees of an unexpected error to the log line with its details. */
public final class ErrorReference {

    private ErrorReference() {
    }

    /** Logs {@code error} with a new reference and returns the reference. */
    public static String logged(Logger log, String what, Throwable error) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("{} [{}]", what, reference, error);
        return reference;
    }

    /** What the user reads: it is our fault, what to try, and what to quote. */
    public static String message(String reference) {
        return "Something went wrong on our side (reference " + reference + "). Try again; if it persists, give the reference to your provider.";
    }
}

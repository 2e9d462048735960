package io.lifeboat.shared;

/** Text as the database keeps it: a column has a length, and a message longer than that must not fail the write. */
public final class Texts {

    private Texts() {
    }

    /** {@code text} itself when it fits in {@code max} characters, else its start and "..." in {@code max}; null stays null. */
    public static String shortened(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}

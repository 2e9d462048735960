package io.lifeboat.tenancy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rule for local passwords: at least {@value #MIN_LENGTH} characters and not a well-known weak password (a list of
 * the most common ones, also with the user's name in it). Length over composition rules, as NIST SP 800-63B advises.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    /** The rule in words, shown next to every password field. */
    public static final String RULE = "At least " + MIN_LENGTH + " characters, not a common password and not your user name.";

    private static final Set<String> WEAK = load();

    private PasswordPolicy() {
    }

    /** What is wrong with the password, or empty when it may be used. */
    public static Optional<String> problem(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("Use at least " + MIN_LENGTH + " characters.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (WEAK.contains(lower) || WEAK.contains(lower.replaceAll("[0-9!@#$%^&*.]+$", ""))) {
            return Optional.of("This is a well-known password that attackers try first. Choose another one.");
        }
        if (username != null && !username.isBlank() && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return Optional.of("Do not put your user name in your password.");
        }
        if (lower.chars().distinct().count() < 4) {
            return Optional.of("Use more different characters.");
        }
        return Optional.empty();
    }

    static void check(String field, String username, String password) {
        problem(username, password).ifPresent(message -> {
            throw new InvalidInputException(field, message);
        });
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("weak-passwords.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).map(line -> line.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

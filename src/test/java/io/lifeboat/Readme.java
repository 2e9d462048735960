package io.lifeboat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The README's commands, read from the file the user reads, so that the tests run them exactly as written; and the
 * stand-in for the production jar those commands name.
 */
public final class Readme {

    private Readme() {
    }

    /** Every line of every fenced code block in the section under {@code heading} (up to the next heading of its level). */
    public static List<String> commandsIn(String heading) {
        String section = section(heading);
        List<String> commands = new ArrayList<>();
        String[] blocks = section.split("```(bash|sh)\n");
        for (int i = 1; i < blocks.length; i++) {
            commands.addAll(blocks[i].substring(0, blocks[i].indexOf("```")).lines().filter(line -> !line.isBlank()).toList());
        }
        return commands;
    }

    /** The one command of the section under {@code heading} that starts with {@code start}. */
    public static String commandIn(String heading, String start) {
        List<String> commands = commandsIn(heading).stream().filter(line -> line.startsWith(start)).toList();
        if (commands.size() != 1) {
            throw new AssertionError("Expected one command starting with '" + start + "' under '" + heading + "', found " + commands);
        }
        return commands.get(0);
    }

    private static String section(String heading) {
        try {
            String readme = Files.readString(Path.of("README.md"));
            int start = readme.indexOf("\n" + heading + "\n");
            if (start < 0) {
                throw new AssertionError("README.md has no heading '" + heading + "'");
            }
            int level = heading.indexOf(' ');
            String rest = readme.substring(start + heading.length() + 2);
            // The section ends at the next heading of its level or above: a "###" part ends at the next "##" too.
            java.util.regex.Matcher next = java.util.regex.Pattern.compile("\n#{1," + level + "} ").matcher(rest);
            return next.find() ? rest.substring(0, next.start()) : rest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes at {@code jar} a jar holding only a manifest that names this build's main classes and dependencies (not the
     * tests') and the portal's main class: {@code java -jar} on it runs the real {@code Lifeboat.main} without the
     * minutes that packing the Spring Boot jar takes ({@code FreshCloneRunTest} builds and starts that one).
     */
    public static Path productionJarStandIn(Path jar) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.lifeboat.Lifeboat");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .map(entry -> Path.of(entry).toUri().toString())
                .collect(Collectors.joining(" ")));
        try {
            Files.createDirectories(jar.getParent());
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
                // the manifest is the whole jar
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

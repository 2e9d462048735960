package io.lifeboat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Every top-level package is a module (docs/architecture.md). verify() fails on a cycle between modules and on a
 * reach into another module's internals: anything outside its root package that it does not expose as a named
 * interface. The same model writes docs/modules (committed: it is the documentation of the rooms and their arrows).
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(Lifeboat.class);

    private static final Path GENERATED = Path.of("target", "modulith-docs");
    private static final Path DOCS = Path.of("docs", "modules");
    /** Lines Modulith writes in hash order: diagram relations and elements, and the items of a canvas cell. */
    private static final Pattern UNORDERED = Pattern.compile("^(\\s*(Rel|Container|Component)\\(|\\|?\\* ).*");

    @Test
    void modules_have_no_cycles_and_use_only_what_others_expose() {
        MODULES.verify();
    }

    /** Written in a stable order, so running the tests leaves the committed documentation as it was. */
    @Test
    void writes_the_module_documentation() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(GENERATED.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        Files.createDirectories(DOCS);
        try (Stream<Path> files = Files.list(GENERATED)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String sorted = inStableOrder(Files.readString(file));
                Path target = DOCS.resolve(file.getFileName());
                if (!Files.exists(target) || !Files.readString(target).equals(sorted)) {
                    Files.writeString(target, sorted);
                }
            }
        }
    }

    /** Sorts each run of consecutive unordered lines; a cell's first item keeps its leading {@code |}. */
    static String inStableOrder(String text) {
        String[] lines = text.split("\n", -1);
        List<String> out = new ArrayList<>(lines.length);
        int i = 0;
        while (i < lines.length) {
            int end = i;
            while (end < lines.length && UNORDERED.matcher(lines[end]).matches()
                    && (end == i || !lines[end].startsWith("|"))) {
                end++;
            }
            if (end - i < 2) {
                out.add(lines[i++]);
                continue;
            }
            boolean cell = lines[i].startsWith("|* ");
            List<String> run = new ArrayList<>();
            for (int k = i; k < end; k++) {
                run.add(cell && k == i ? lines[k].substring(1) : lines[k]);
            }
            run.sort(null);
            if (cell) {
                run.set(0, "|" + run.get(0));
            }
            out.addAll(run);
            i = end;
        }
        return String.join("\n", out);
    }
}

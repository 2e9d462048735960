package io.lifeboat;

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

    @Test
    void modules_have_no_cycles_and_use_only_what_others_expose() {
        MODULES.verify();
    }

    @Test
    void writes_the_module_documentation() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
    }
}

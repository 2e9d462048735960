package io.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the second lane's classes share stays with them ({@link SecondLane}): a test class (or a class nested in it) that
 * starts PostgreSQL, builds on the lab data plane's shared context, uses the Debian packages' build or the kernel
 * relay's namespaces runs in that lane, or two classes would use the same server, namespaces or files at once.
 */
class SecondLaneTest {

    private static final Set<String> SHARED = Set.of("io.lifeboat.Postgres", "io.lifeboat.PortalNodes", "io.lifeboat.lab.DataPlaneTestContext",
            "io.lifeboat.packaging.DebianPackages", "io.lifeboat.gateway.RelayHosts");

    @Test
    void every_test_class_using_what_the_second_lane_shares_runs_in_it() {
        List<JavaClass> tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("io.lifeboat").stream().filter(c -> c.getSimpleName().endsWith("Test") && c.isTopLevelClass()).toList();
        List<JavaClass> sharing = tests.stream().filter(SecondLaneTest::usesWhatTheLaneShares).toList();

        assertThat(sharing).extracting(JavaClass::getName).as("classes that share the second lane's resources").contains(
                "io.lifeboat.cluster.CrashInjectionTest", "io.lifeboat.lab.WarmAppliancesTest", "io.lifeboat.packaging.DebianPackagesTest",
                "io.lifeboat.lab.DrillBubbleTest");
        assertThat(sharing).filteredOn(c -> !c.isAnnotatedWith(SecondLane.class)).extracting(JavaClass::getName)
                .as("they use what the second lane shares: mark them @SecondLane").isEmpty();
    }

    private static boolean usesWhatTheLaneShares(JavaClass test) {
        return withNested(test).flatMap(c -> Stream.concat(c.getDirectDependenciesFromSelf().stream().map(Dependency::getTargetClass),
                        c.getAllRawSuperclasses().stream())).anyMatch(target -> SHARED.contains(target.getName()));
    }

    private static Stream<JavaClass> withNested(JavaClass test) {
        return Stream.concat(Stream.of(test), test.getPackage().getClasses().stream()
                .filter(c -> c.getName().startsWith(test.getName() + "$")));
    }
}

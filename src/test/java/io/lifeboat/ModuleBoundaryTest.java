package io.lifeboat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.replica.ReplicaStatus;
import io.lifeboat.replica.ReplicaTransitions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;

/** The module rules of ARCHITECTURE §2, checked on the compiled classes. */
class ModuleBoundaryTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.lifeboat");
    }

    @Test
    void only_the_vsphere_module_imports_yavijava() {
        noClasses().that().resideOutsideOfPackage("io.lifeboat.vsphere..")
                .should().dependOnClassesThat().resideInAnyPackage("com.vmware..", "com.toastcoders..")
                .check(classes);
    }

    @Test
    void only_the_appliance_module_imports_pcap4j() {
        noClasses().that().resideOutsideOfPackage("io.lifeboat.appliance..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pcap4j..")
                .check(classes);
    }

    /** Apache's HTTP client is there for the webhook sender, whose resolver checks each address it connects to. */
    @Test
    void only_the_webhooks_module_imports_apache_httpclient() {
        noClasses().that().resideOutsideOfPackage("io.lifeboat.webhooks..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.hc..")
                .check(classes);
    }

    /** The PostgreSQL driver is on the compile class path for the cluster's LISTEN connection only; the rest speaks JDBC/JPA. */
    @Test
    void only_the_cluster_module_imports_the_postgresql_driver() {
        noClasses().that().resideOutsideOfPackage("io.lifeboat.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("org.postgresql..")
                .check(classes);
    }

    /**
     * Replica state changes in one place: only {@code ReplicaTransitions} moves a state (moveTo is package-private, so
     * the compiler refuses it elsewhere); the repository is package-private and nobody outside {@code replica} reaches
     * it; and a {@code ReplicaStatus} shows its data but changes nothing publicly: the runners' own data (marker,
     * error, failback target) goes in the {@code ReplicaChange} they hand to {@code ReplicaTransitions.apply/record},
     * which that one place applies and saves in its transaction.
     */
    @Test
    void replica_status_changes_only_through_replica_transitions() {
        noClasses().that().resideOutsideOfPackage("io.lifeboat.replica..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.lifeboat.replica.ReplicaStatusRepository")
                .check(classes);
        methods().that().areDeclaredIn(ReplicaStatus.class).and().arePublic()
                .should().haveNameMatching("(get|is)[A-Z].*")
                .check(classes);
        noClasses().that().doNotHaveFullyQualifiedName(ReplicaTransitions.class.getName())
                .should().callMethod(ReplicaStatus.class, "moveTo", ReplicaState.class, java.time.Instant.class)
                .check(classes);
    }

    @Test
    void views_never_touch_repositories() {
        noClasses().that().resideInAnyPackage("io.lifeboat..ui..")
                .should().dependOnClassesThat().areAssignableTo(Repository.class)
                .check(classes);
    }

    /** A drill started with no caller to check (a schedule's run) is no page's business: pages go through DrillService. */
    @Test
    void only_the_schedules_start_unattended_drills() {
        noClasses().that().resideOutsideOfPackages("io.lifeboat.drill", "io.lifeboat.drillschedule")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.lifeboat.drill.UnattendedDrills")
                .check(classes);
    }

    @Test
    void views_never_touch_yavijava_or_the_security_context() {
        noClasses().that().resideInAnyPackage("io.lifeboat..ui..").and().haveNameNotMatching("io\\.lifeboat\\.ui\\.RunAs(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("com.vmware..", "org.springframework.security.core.context..")
                .check(classes);
    }

    @Test
    void the_shell_does_not_depend_on_feature_views() {
        noClasses().that().resideInAPackage("io.lifeboat.ui")
                .should().dependOnClassesThat().resideInAnyPackage("io.lifeboat.*.ui..")
                .check(classes);
    }

    @Test
    void the_appliance_runs_without_spring() {
        noClasses().that().resideInAPackage("io.lifeboat.appliance..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.lifeboat.failover..", "io.lifeboat.inventory..")
                .check(classes);
    }

    /**
     * The agent and the Cloud Gateway ship as their own slim Debian packages (pom.xml, profile {@code debian}): their
     * jars hold these packages and the pki room's {@code ApplianceCertificates}, beside no Spring or Vaadin.
     */
    @Test
    void the_appliance_and_the_gateway_ship_without_spring_vaadin_or_other_rooms() {
        String shippedCertificates = "io\\.lifeboat\\.pki\\.ApplianceCertificates(\\$.*)?";
        noClasses().that().resideInAnyPackage("io.lifeboat.appliance..", "io.lifeboat.gateway..").or().haveNameMatching(shippedCertificates)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.vaadin..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.lifeboat.appliance..", "io.lifeboat.gateway..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.lifeboat..")
                        .and(JavaClass.Predicates.resideOutsideOfPackages("io.lifeboat.appliance..", "io.lifeboat.gateway.."))
                        .and(DescribedPredicate.not(HasName.Predicates.nameMatching(shippedCertificates))))
                .because("the slim jars of the agent and the gateway hold only these classes")
                .check(classes);
    }

    @Test
    void only_the_network_module_the_cloud_gateway_and_the_lab_talk_to_the_appliance() {
        noClasses().that().resideOutsideOfPackages("io.lifeboat.appliance..", "io.lifeboat.network..", "io.lifeboat.gateway..", "io.lifeboat.lab..")
                .and().doNotHaveFullyQualifiedName("io.lifeboat.Lifeboat")
                .should().dependOnClassesThat().resideInAPackage("io.lifeboat.appliance..")
                .check(classes);
    }

    @Test
    void lower_modules_do_not_reach_up_into_failover() {
        noClasses().that().resideInAnyPackage("io.lifeboat.inventory..", "io.lifeboat.tenancy..", "io.lifeboat.tasks..", "io.lifeboat.vsphere..",
                        "io.lifeboat.network..", "io.lifeboat.appliance..")
                .should().dependOnClassesThat().resideInAPackage("io.lifeboat.failover..")
                .check(classes);
    }
}

package dev.tally;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine is a library: it never depends on Spring or on the control plane. */
class ArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tally");

    @Test
    void engineDoesNotDependOnSpring() {
        noClasses().that().resideInAPackage("dev.tally.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..")
                .check(classes);
    }

    @Test
    void engineDoesNotDependOnTheControlPlane() {
        noClasses().that().resideInAPackage("dev.tally.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tally.control..", "dev.tally.embedded..")
                .check(classes);
    }

    @Test
    void engineDoesNotDependOnMicrometer() {
        // meters read the engine's counters from the control plane (DeploymentMeters): the hot path stays plain
        noClasses().that().resideInAPackage("dev.tally.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
                .check(classes);
    }
}

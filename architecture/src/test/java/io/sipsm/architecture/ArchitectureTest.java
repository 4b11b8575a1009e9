package io.sipsm.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The arrows the code may take, checked on the built classes of every bundle. The host is the one adapter
 * that knows Restcomm, Tomcat and jain-sip; inside it, the packages form layers from the composition root
 * down to plain-Java admission control (see the host's package-info for what each package is).
 */
class ArchitectureTest {

    private static final String HOST = "io.sipsm.host.internal";
    /** Class-retention annotation: named, it needs not be on the class path. */
    private static final String PROVIDER_TYPE = "org.osgi.annotation.versioning.ProviderType";
    private static final String[] CONTAINER_INTERNALS = {"org.mobicents.servlet..", "org.apache.catalina..",
            "org.apache.tomcat..", "org.apache.coyote.."};
    private static final String[] SIP_STACK = {"gov.nist..", "javax.sip..", "org.mobicents.."};
    private static final String[] POLICIES = {"io.sipsm.sessiontimer..", "io.sipsm.setuptimeouts..",
            "io.sipsm.prack..", "io.sipsm.publish.."};

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sipsm");

    @Test
    void theHostsPackagesAreLayered() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("root").definedBy(HOST)
                .layer("whiteboard").definedBy(HOST + ".whiteboard..")
                .layer("container").definedBy(HOST + ".container..")
                .layer("valves").definedBy(HOST + ".valves..")
                .layer("prack").definedBy(HOST + ".prack..")
                .layer("intake").definedBy(HOST + ".intake..")
                .layer("admission").definedBy(HOST + ".admission..")
                .layer("queue").definedBy(HOST + ".queue..")
                .layer("sip").definedBy(HOST + ".sip..")
                .layer("settings").definedBy(HOST + ".settings..")
                .layer("policy").definedBy(HOST + ".policy..")
                .layer("refusals").definedBy(HOST + ".refusals..")
                .whereLayer("root").mayNotBeAccessedByAnyLayer()
                .whereLayer("whiteboard").mayOnlyBeAccessedByLayers("root")
                .whereLayer("container").mayOnlyBeAccessedByLayers("root", "whiteboard")
                .whereLayer("valves").mayOnlyBeAccessedByLayers("container")
                .whereLayer("prack").mayOnlyBeAccessedByLayers("container")
                .whereLayer("intake").mayOnlyBeAccessedByLayers("container", "valves")
                .whereLayer("admission").mayOnlyBeAccessedByLayers("root", "intake")
                .whereLayer("queue").mayOnlyBeAccessedByLayers("admission", "intake")
                .whereLayer("sip").mayOnlyBeAccessedByLayers("root", "whiteboard", "container", "valves", "prack",
                        "intake", "queue")
                .whereLayer("settings").mayOnlyBeAccessedByLayers("root", "admission")
                .whereLayer("policy").mayOnlyBeAccessedByLayers("root", "container")
                .whereLayer("refusals").mayOnlyBeAccessedByLayers("root", "container", "intake")
                .check(CLASSES);
    }

    @Test
    void theHostsPackagesHaveNoCycle() {
        slices().matching(HOST + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheContainerAdapterKnowsRestcommAndTomcat() {
        noClasses().that().resideInAPackage("io.sipsm..").and().resideOutsideOfPackage(HOST + ".container..")
                .should().dependOnClassesThat().resideInAnyPackage(CONTAINER_INTERNALS)
                .check(CLASSES);
    }

    @Test
    void admissionPolicyIsPlainJava() {
        noClasses().that().resideInAnyPackage(HOST + ".admission..", HOST + ".queue..", HOST + ".settings..")
                .should().dependOnClassesThat().resideInAnyPackage(SIP_STACK)
                .orShould().dependOnClassesThat().resideInAnyPackage("org.osgi..", "javax.servlet..")
                .check(CLASSES);
    }

    @Test
    void onlyTheHostKnowsTheSipStack() {
        noClasses().that().resideInAPackage("io.sipsm..").and().resideOutsideOfPackage("io.sipsm.host.internal..")
                .should().dependOnClassesThat().resideInAnyPackage(SIP_STACK)
                .orShould().dependOnClassesThat().resideInAPackage("io.sipsm.host.internal..")
                .check(CLASSES);
    }

    /**
     * The host SPI's provider types (CallLeg, PolicyState ...) are implemented by the host alone, and by the test
     * fixtures: bnd gives a bundle that implements one an import range that ends at the next minor version, so a
     * minor update of the SPI would leave that bundle unresolved and a policy would not outlive a host update.
     */
    @Test
    void onlyTheHostImplementsTheHostSpisProviderTypes() {
        DescribedPredicate<JavaClass> providerType = DescribedPredicate.describe("a provider type of the host SPI",
                type -> type.getPackageName().equals("io.sipsm.host") && type.isAnnotatedWith(PROVIDER_TYPE));
        assertTrue(providerType.test(CLASSES.get("io.sipsm.host.PolicyState")), "the rule sees the annotation");
        noClasses().that().resideOutsideOfPackages("io.sipsm.host.internal..", "io.sipsm.host.testing..")
                .should().implement(providerType)
                .check(CLASSES);
    }

    @Test
    void theB2buaUsesNoPolicy() {
        noClasses().that().resideInAPackage("io.sipsm.b2bua..")
                .should().dependOnClassesThat().resideInAnyPackage(POLICIES)
                .check(CLASSES);
    }

    @Test
    void policiesDoNotReachIntoEachOther() {
        for (String policy : POLICIES) {
            noClasses().that().resideInAPackage(policy)
                    .should().dependOnClassesThat().resideInAnyPackage(others(policy))
                    .check(CLASSES);
        }
    }

    @Test
    void theConfigurationApiDoesNotKnowTheHost() {
        noClasses().that().resideInAPackage("io.sipsm.config")
                .should().dependOnClassesThat().resideInAPackage("io.sipsm.host..")
                .check(CLASSES);
    }

    /** The statistics API is plain Java: any bundle can publish or read figures without knowing another's. */
    @Test
    void theMetricsApiStandsAlone() {
        noClasses().that().resideInAPackage("io.sipsm.metrics")
                .should().dependOnClassesThat().resideInAnyPackage("io.sipsm.host..", "io.sipsm.config..",
                        "io.sipsm.gateway..", "org.osgi.framework..", "javax.servlet..")
                .check(CLASSES);
    }

    /** The exports (Prometheus, JMX, shell) read figures through the API only, never a publisher's classes. */
    @Test
    void theExportsKnowOnlyTheMetricsApi() {
        noClasses().that().resideInAPackage("io.sipsm.metrics.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sipsm.host..", "io.sipsm.config..",
                        "io.sipsm.b2bua..", "io.sipsm.shell..")
                .orShould().dependOnClassesThat().resideInAnyPackage(POLICIES)
                .check(CLASSES);
    }

    /**
     * The health checks judge on what the platform publishes (the host SPI, the settings API), the same state the
     * platform acts on, never on a bundle's internals or a copy of its logic; and they only read: taking the host
     * out of service is an admin's act, not a check's.
     */
    @Test
    void theHealthChecksReadOnlyPublishedState() {
        noClasses().that().resideInAPackage("io.sipsm.health..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sipsm.host.internal..",
                        "io.sipsm.config.internal..", "io.sipsm.b2bua..", "io.sipsm.shell..")
                .orShould().dependOnClassesThat().resideInAnyPackage(POLICIES)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.sipsm.host.HostDrain")
                .check(CLASSES);
    }

    /**
     * Call records: the API names no host or SIP type, so any bundle may consume records; the store knows no SIP
     * at all (it stores what Event Admin hands it), and nothing outside it reaches into it.
     */
    @Test
    void callRecordsStandApartFromSip() {
        noClasses().that().resideInAPackage("io.sipsm.cdr..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sipsm.host..", "javax.servlet..")
                .orShould().dependOnClassesThat().resideInAnyPackage(SIP_STACK)
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.sipsm..").and().resideOutsideOfPackage("io.sipsm.cdr.internal..")
                .should().dependOnClassesThat().resideInAPackage("io.sipsm.cdr.internal..")
                .check(CLASSES);
    }

    /** The shell is optional in every bundle but the shell's own: only the commands, which it loads, know it. */
    @Test
    void onlyShellCommandsKnowTheShell() {
        noClasses().that().resideInAPackage("io.sipsm..").and().resideOutsideOfPackage("io.sipsm.shell..")
                .and().haveSimpleNameNotEndingWith("Command").and().haveSimpleNameNotEndingWith("Completer")
                .should().dependOnClassesThat().resideInAPackage("org.apache.karaf.shell..")
                .check(CLASSES);
    }

    private static String[] others(String policy) {
        return java.util.Arrays.stream(POLICIES).filter(p -> !p.equals(policy)).toArray(String[]::new);
    }
}

package dev.hubconsole;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages are modules: no cycles, and no module reaches into another's internals (its
 * subpackages, such as {@code web}). The value types every feature uses live in the {@code shared} module, which
 * depends on no other; the root package (entry point, configuration) depends on features, never the reverse.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(HubUpgradeConsoleApplication.class);

    @Test
    void everyFeaturePackageIsAModule() {
        assertThat(MODULES.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
                .contains("audit", "backup", "cli", "hub", "hubdb", "lifecycle", "notice", "security", "shared", "wizard");
    }

    @Test
    void featureModulesRespectTheirBoundariesAndHaveNoCycles() {
        MODULES.verify();
    }
}

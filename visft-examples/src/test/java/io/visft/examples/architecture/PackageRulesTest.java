package io.visft.examples.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the package rules over the main classes of every module: this module depends on all of them,
 * so its test class path holds the whole library.
 */
class PackageRulesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(
                "io.visft.api",
                "io.visft.core",
                "io.visft.lora",
                "io.visft.heads",
                "io.visft.examples");
  }

  @Test
  void scanSeesEveryModule() {
    for (String name :
        List.of(
            "io.visft.api.ViSFTPipeline",
            "io.visft.core.train.Trainer",
            "io.visft.core.graph.Graph",
            "io.visft.lora.LoraConfig",
            "io.visft.heads.pipeline.ViSFTHeads",
            "io.visft.examples.cli.Launcher")) {
      assertTrue(classes.contain(name), () -> name + " is missing from the scanned classes");
    }
  }

  @Test
  void packagesAreFreeOfCycles() {
    ArchitectureRules.noPackageCycles().check(classes);
  }

  @Test
  void engineImportsOnlyLayersBelow() {
    ArchitectureRules.engineLayering().check(classes);
  }

  @Test
  void engineNeverImportsDataOrEval() {
    ArchitectureRules.engineIgnoresDataAndEval().check(classes);
  }
}

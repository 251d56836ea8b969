package io.visft.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The package rules of the library (DESIGN.md section 2), as ArchUnit rules shared by the scan of
 * the real classes and by the test that proves the cycle rule reports a cycle.
 */
final class ArchitectureRules {
  private static final String ROOT = "io.visft.";

  private ArchitectureRules() {}

  /**
   * No cycle between the packages one level below each module root: {@code io.visft.core.train},
   * {@code io.visft.heads.detection}, {@code io.visft.lora.format}, ...; a module's root package
   * ({@code io.visft.heads}) is a slice of its own, and subpackages belong to their parent slice.
   * No exception is allowed.
   */
  static ArchRule noPackageCycles() {
    return SlicesRuleDefinition.slices()
        .assignedFrom(new TopPackages())
        .should()
        .beFreeOfCycles()
        .because("a package cycle makes the layers impossible to read, test or split (issue 14)");
  }

  /**
   * The engine is layered {@code graph <- autodiff <- onnx <- runtime <- train}, on top of the file
   * helpers in {@code core.io}: each imports only the layers below it, never the backbone, the
   * layer library, data, evaluation, LoRA, the heads or the examples.
   */
  static ArchRule engineLayering() {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("io")
        .definedBy("io.visft.core.io..")
        .layer("graph")
        .definedBy("io.visft.core.graph..")
        .layer("autodiff")
        .definedBy("io.visft.core.autodiff..")
        .layer("onnx")
        .definedBy("io.visft.core.onnx..")
        .layer("runtime")
        .definedBy("io.visft.core.runtime..")
        .layer("train")
        .definedBy("io.visft.core.train..")
        .layer("above the engine")
        .definedBy(
            "io.visft.core.nn..",
            "io.visft.core.vit..",
            "io.visft.core.data..",
            "io.visft.core.eval..",
            "io.visft.lora..",
            "io.visft.heads..",
            "io.visft.examples..")
        .whereLayer("io")
        .mayNotAccessAnyLayer()
        .whereLayer("graph")
        .mayNotAccessAnyLayer()
        .whereLayer("autodiff")
        .mayOnlyAccessLayers("graph")
        .whereLayer("onnx")
        .mayOnlyAccessLayers("io", "graph", "autodiff")
        .whereLayer("runtime")
        .mayOnlyAccessLayers("io", "graph", "autodiff", "onnx")
        .whereLayer("train")
        .mayOnlyAccessLayers("io", "graph", "autodiff", "onnx", "runtime")
        .because("the engine imports nothing above it (DESIGN.md section 2)");
  }

  /** Data loading and evaluation sit above the engine and never flow back into it. */
  static ArchRule engineIgnoresDataAndEval() {
    return noClasses()
        .that()
        .resideInAnyPackage(
            "io.visft.core.graph..",
            "io.visft.core.autodiff..",
            "io.visft.core.onnx..",
            "io.visft.core.runtime..",
            "io.visft.core.train..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.visft.core.data..", "io.visft.core.eval..")
        .because("data and eval sit above the engine (DESIGN.md section 2)");
  }

  /** Slices a class by the first two package names below {@code io.visft}. */
  private static final class TopPackages implements SliceAssignment {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String pkg = javaClass.getPackageName();
      if (!pkg.startsWith(ROOT)) {
        return SliceIdentifier.ignore();
      }
      String[] names = pkg.substring(ROOT.length()).split("\\.");
      return names.length == 1
          ? SliceIdentifier.of(names[0])
          : SliceIdentifier.of(names[0] + "." + names[1]);
    }

    @Override
    public String getDescription() {
      return "packages io.visft.<module>.<package>";
    }
  }
}

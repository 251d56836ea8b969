package io.visft.examples.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The cycle rule reports a cycle: two fixture packages in the test sources import each other. */
class CycleRuleTest {
  @Test
  void reportsTheFixtureCycle() {
    JavaClasses fixture = new ClassFileImporter().importPackages("io.visft.archfixture");

    EvaluationResult result = ArchitectureRules.noPackageCycles().evaluate(fixture);

    String report = result.getFailureReport().toString();
    assertTrue(result.hasViolation(), "the ping <-> pong cycle was not reported");
    assertTrue(report.contains("archfixture.ping"), report);
    assertTrue(report.contains("archfixture.pong"), report);
  }
}

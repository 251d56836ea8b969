import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the named JUnit 5 test classes and prints JUnit's summary, each skip's reason and each
 * failure's stack trace; exits 1 when a test failed, 2 when nothing ran. Used by check.sh on a GPU
 * machine that has a Java runtime but no Maven.
 */
public final class RunTests {
  public static void main(String[] classNames) throws ClassNotFoundException {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (String name : classNames) {
      request.selectors(selectClass(Class.forName(name)));
    }
    LauncherDiscoveryRequest built = request.build();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    SkipReporter skips = new SkipReporter();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(built, summary, skips);
    TestExecutionSummary s = summary.getSummary();
    PrintWriter out = new PrintWriter(System.out, true);
    s.printTo(out);
    s.printFailuresTo(out, 25);
    if (s.getTotalFailureCount() > 0) {
      System.exit(1);
    }
    if (s.getTestsSucceededCount() == 0) {
      System.exit(2);
    }
  }

  /**
   * Prints every skipped or aborted test (a failed assumption aborts a JUnit test) with its reason,
   * so that a skip on the GPU machine cannot pass unseen.
   */
  static final class SkipReporter implements org.junit.platform.launcher.TestExecutionListener {
    @Override
    public void executionSkipped(org.junit.platform.launcher.TestIdentifier test, String reason) {
      System.out.println("SKIPPED " + test.getDisplayName() + ": " + reason);
    }

    @Override
    public void executionFinished(
        org.junit.platform.launcher.TestIdentifier test,
        org.junit.platform.engine.TestExecutionResult result) {
      if (result.getStatus() == org.junit.platform.engine.TestExecutionResult.Status.ABORTED) {
        System.out.println(
            "SKIPPED "
                + test.getDisplayName()
                + ": "
                + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
      }
    }
  }
}

package io.visft.examples.demo;

import io.visft.core.eval.ConfidenceInterval;
import java.io.PrintStream;
import java.util.Locale;

/** Prints the demo's result table and the files it wrote. */
final class DemoTable {

  private DemoTable() {}

  static void print(Demo.Result r, PrintStream out) {
    out.println();
    out.println(
        "| measure (validation split unless noted)   | stage 1 (base backbone) | stage 2 (ViSFT-adapted) |");
    out.println(
        "|-------------------------------------------|-------------------------|-------------------------|");
    row(out, "in-domain caption BLEU-4 (greedy)", r.stage1().bleu4(), r.stage2().bleu4());
    row(out, "in-domain box AP (detection head)", r.stage1().boxAp(), r.stage2().boxAp());
    row(out, "in-domain mask AP (segmentation head)", r.stage1().maskAp(), r.stage2().maskAp());
    out.printf(
        "| %-41s | %23s | %23s |%n",
        "held-out " + r.probeWays() + "-way 5-shot 1-NN accuracy",
        interval(r.probeBase()),
        interval(r.probeAdapted()));
    out.println();
    out.println("adapter (PEFT):      " + r.adapter());
    r.heads().forEach((task, file) -> out.printf("%-20s %s%n", task + " head:", file));
    out.println("merged ONNX model:   " + r.onnx() + " (+ .data)");
    out.printf("finished in %.0f s%n", r.seconds());
  }

  private static void row(PrintStream out, String measure, double stage1, double stage2) {
    out.printf(Locale.ROOT, "| %-41s | %23.3f | %23.3f |%n", measure, stage1, stage2);
  }

  private static String interval(ConfidenceInterval ci) {
    return String.format(Locale.ROOT, "%.3f ± %.3f", ci.mean(), ci.halfWidth());
  }
}

package io.visft.benchmarks;

import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * This library and the DJL peer in one JVM, one step of each in turn (the first side alternating
 * from round to round), so that both meet the same load at nearly the same moment: on a shared
 * machine whose speed drifts by 2× within minutes, the ratio of two steps taken seconds apart is
 * far steadier than the ratio of two processes run one after the other ({@code
 * benchmarks/paired.sh}, which also gives each stack's peak memory).
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *     io.visft.benchmarks.PeerInterleave forward|lora vit_s16|vit_b16 rounds
 * </pre>
 *
 * Uses the JMH states {@link BackboneBenchmark}, {@link LoraStepBenchmark} and {@link
 * DjlPeerBenchmark} (the DJL side checks parity against this library before timing), two warm-up
 * rounds, then prints each round and the medians: DJL's time over this library's (above 1: this
 * library is faster).
 */
public final class PeerInterleave {
  private PeerInterleave() {}

  public static void main(String[] args) throws Exception {
    // The settings of benchmarks/paired.sh: offline (nothing downloaded), 2 intra-op threads, 1
    // inter-op.
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", "2");
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    boolean lora = args[0].equals("lora");
    if (!lora && !args[0].equals("forward")) {
      throw new IllegalArgumentException("case '" + args[0] + "': expected forward or lora");
    }
    String size = lora ? "vit_s16" : args[1];
    int rounds = Integer.parseInt(args[2]);
    DjlPeerBenchmark peer = new DjlPeerBenchmark();
    peer.size = size;
    peer.setUp(lora);
    Callable<?> ours;
    AutoCloseable oursClose;
    if (lora) {
      LoraStepBenchmark b = new LoraStepBenchmark();
      b.setUp();
      ours = b::step;
      oursClose = b::tearDown;
    } else {
      BackboneBenchmark b = new BackboneBenchmark();
      b.size = size;
      b.setUp();
      ours = b::forward;
      oursClose = b::tearDown;
    }
    Callable<?> theirs = lora ? peer::loraStep : peer::forward;
    double[] ratio = new double[rounds];
    double[] oursMs = new double[rounds];
    double[] theirsMs = new double[rounds];
    for (int r = -2; r < rounds; r++) {
      double a;
      double b;
      if (r % 2 == 0) {
        a = millis(ours);
        b = millis(theirs);
      } else {
        b = millis(theirs);
        a = millis(ours);
      }
      if (r >= 0) {
        oursMs[r] = a;
        theirsMs[r] = b;
        ratio[r] = b / a;
        System.out.printf(
            "round %d: visft %.0f ms, djl %.0f ms, djl/visft %.2f%n", r + 1, a, b, ratio[r]);
      }
    }
    System.out.printf(
        "%s %s, %d rounds: median visft %.0f ms, median djl %.0f ms, median of per-round djl/visft"
            + " %.2f (%.2f-%.2f)%n",
        args[0],
        size,
        rounds,
        median(oursMs),
        median(theirsMs),
        median(ratio),
        Arrays.stream(ratio).min().orElseThrow(),
        Arrays.stream(ratio).max().orElseThrow());
    oursClose.close();
    peer.tearDown();
  }

  private static double millis(Callable<?> step) throws Exception {
    long t = System.nanoTime();
    step.call();
    return (System.nanoTime() - t) / 1e6;
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}

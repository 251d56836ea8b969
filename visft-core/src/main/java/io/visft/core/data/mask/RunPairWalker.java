package io.visft.core.data.mask;

/**
 * Walks two run-length encodings of the same image in lockstep, one maximal segment at a time,
 * reporting whether each mask covers the segment. Empty runs are stepped over.
 */
final class RunPairWalker {

  /** Receives the segments of a walk in pixel order. */
  @FunctionalInterface
  interface SegmentVisitor {
    /**
     * A segment of {@code length > 0} pixels where mask a is {@code inA} and mask b {@code inB}.
     */
    void visit(long length, boolean inA, boolean inB);
  }

  private RunPairWalker() {}

  /** Visits every segment of {@code a} against {@code b}; both must have the same pixel count. */
  static void walk(int[] a, int[] b, SegmentVisitor visitor) {
    int runA = 0;
    int runB = 0;
    long leftA = a.length == 0 ? 0 : a[0];
    long leftB = b.length == 0 ? 0 : b[0];
    while (true) {
      while (leftA == 0 && runA + 1 < a.length) {
        leftA = a[++runA];
      }
      while (leftB == 0 && runB + 1 < b.length) {
        leftB = b[++runB];
      }
      if (leftA == 0 || leftB == 0) {
        return;
      }
      long step = Math.min(leftA, leftB);
      visitor.visit(step, (runA & 1) == 1, (runB & 1) == 1);
      leftA -= step;
      leftB -= step;
    }
  }
}

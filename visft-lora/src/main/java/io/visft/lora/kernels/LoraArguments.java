package io.visft.lora.kernels;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import java.nio.FloatBuffer;

/**
 * Argument checks shared by every {@link LoraKernels} implementation, run before any output is
 * written.
 */
final class LoraArguments {

  private LoraArguments() {}

  static void checkForward(
      LoraShape shape, int rows, float[] x, float[] a, float[] b, float scale, float[] y) {
    checkRows(rows);
    checkInputs(shape, rows, x, a, b, scale);
    checkLength("Y", y, shape.outputLength(rows), "rows * outFeatures", rows, shape.outFeatures());
    checkArgument(y != x && y != a && y != b, "Y must not share its array with X, A or B");
  }

  static void checkBackward(
      LoraShape shape,
      int rows,
      float[] x,
      float[] a,
      float[] b,
      float scale,
      float[] dY,
      LoraGradients into) {
    checkRows(rows);
    checkInputs(shape, rows, x, a, b, scale);
    checkLength(
        "dY", dY, shape.outputLength(rows), "rows * outFeatures", rows, shape.outFeatures());
    checkLength(
        "dX", into.dX(), shape.inputLength(rows), "rows * inFeatures", rows, shape.inFeatures());
    checkLength(
        "dA", into.dA(), shape.aLength(), "rank * inFeatures", shape.rank(), shape.inFeatures());
    checkLength(
        "dB", into.dB(), shape.bLength(), "outFeatures * rank", shape.outFeatures(), shape.rank());
    for (float[] output : new float[][] {into.dX(), into.dA(), into.dB()}) {
      checkArgument(
          output != x && output != a && output != b && output != dY,
          "the gradient arrays must not share storage with X, A, B or dY");
    }
    checkArgument(
        into.dX() != into.dA() && into.dX() != into.dB() && into.dA() != into.dB(),
        "dX, dA and dB must be three distinct arrays");
  }

  static void checkMerge(LoraShape shape, float[] w, float[] a, float[] b, float scale) {
    checkLength(
        "W",
        w,
        shape.weightLength(),
        "outFeatures * inFeatures",
        shape.outFeatures(),
        shape.inFeatures());
    checkArgument(w != a && w != b, "W must not share its array with A or B");
    checkMergeFactors(shape, a, b, scale);
  }

  static void checkMerge(LoraShape shape, FloatBuffer w, float[] a, float[] b, float scale) {
    if (w.remaining() != shape.weightLength()) {
      throw new ShapeException(
          "W buffer has "
              + w.remaining()
              + " floats remaining, expected outFeatures * inFeatures = "
              + shape.outFeatures()
              + " * "
              + shape.inFeatures()
              + " = "
              + shape.weightLength()
              + "; pass FloatBuffer.slice(index, length) to address one block of a larger tensor");
    }
    checkArgument(
        !w.isReadOnly(),
        "W buffer is read-only; map the checkpoint with FileChannel.MapMode.PRIVATE (copy-on-write)"
            + " or READ_WRITE, or copy the weight into a writable buffer");
    checkMergeFactors(shape, a, b, scale);
  }

  private static void checkMergeFactors(LoraShape shape, float[] a, float[] b, float scale) {
    checkFactors(shape, a, b, scale);
    checkFinite("A", a);
    checkFinite("B", b);
  }

  private static void checkInputs(
      LoraShape shape, int rows, float[] x, float[] a, float[] b, float scale) {
    checkLength("X", x, shape.inputLength(rows), "rows * inFeatures", rows, shape.inFeatures());
    checkFactors(shape, a, b, scale);
  }

  private static void checkFactors(LoraShape shape, float[] a, float[] b, float scale) {
    checkLength("A", a, shape.aLength(), "rank * inFeatures", shape.rank(), shape.inFeatures());
    checkLength("B", b, shape.bLength(), "outFeatures * rank", shape.outFeatures(), shape.rank());
    if (!Float.isFinite(scale)) {
      throw new NumericException(
          "LoRA scale is " + scale + ", expected a finite value (alpha / rank)");
    }
  }

  private static void checkRows(int rows) {
    checkArgument(rows >= 1, "rows must be at least 1, got %s", rows);
  }

  private static void checkLength(
      String name, float[] array, int expected, String rule, int d0, int d1) {
    if (array == null) {
      throw new ShapeException(name + " is null, expected " + expected + " floats (" + rule + ")");
    }
    if (array.length != expected) {
      throw new ShapeException(
          name
              + " has "
              + array.length
              + " floats, expected "
              + rule
              + " = "
              + d0
              + " * "
              + d1
              + " = "
              + expected
              + " (row-major)");
    }
  }

  private static void checkFinite(String name, float[] array) {
    for (int i = 0; i < array.length; i++) {
      if (!Float.isFinite(array[i])) {
        throw new NumericException(
            "refusing to merge: LoRA factor "
                + name
                + " holds "
                + array[i]
                + " at flat index "
                + i
                + "; the weight was left unchanged. Check the adapter for a diverged training run");
      }
    }
  }
}

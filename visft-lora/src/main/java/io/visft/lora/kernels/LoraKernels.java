package io.visft.lora.kernels;

import java.nio.FloatBuffer;

/**
 * The dense products of a LoRA adapter on a linear layer {@code y = x W^T}, for the training step
 * (forward and backward of the low-rank delta) and for folding the adapter into the frozen weight.
 *
 * <p>All matrices are row-major {@code float} arrays whose lengths must match the {@link LoraShape}
 * exactly: {@code X [rows, in]}, {@code A [rank, in]}, {@code B [out, rank]}, {@code Y [rows,
 * out]}, {@code W [out, in]}; {@code s} is the adapter scaling ({@code alpha / rank}). The delta of
 * the layer output is {@code s (X A^T) B^T}, which equals {@code X (s B A)^T}; implementations
 * exploit the small rank by forming {@code X A^T [rows, rank]} first.
 *
 * <p>Arguments are checked before any output is touched: wrong lengths raise {@link
 * io.visft.api.ShapeException}, a non-finite scale (and, for merges, a non-finite entry of {@code
 * A} or {@code B}) raises {@link io.visft.api.NumericException}. Outputs must not share arrays with
 * inputs. Implementations document their thread safety; instances hold threads or device memory and
 * must be closed, after which every method throws {@link IllegalStateException}.
 */
public interface LoraKernels extends AutoCloseable {

  /**
   * Short name of the implementation, as accepted by {@link LoraKernelsProvider#select(String)}.
   */
  String name();

  /**
   * Adds the LoRA delta to a layer output: {@code Y += s (X A^T) B^T}.
   *
   * @param shape adapter dimensions
   * @param rows number of input rows (tokens times batch)
   * @param x input {@code [rows, in]}, read only
   * @param a down projection {@code [rank, in]}, read only
   * @param b up projection {@code [out, rank]}, read only
   * @param scale the scaling {@code s}
   * @param y output {@code [rows, out]}, accumulated into
   */
  void deltaForward(
      LoraShape shape, int rows, float[] x, float[] a, float[] b, float scale, float[] y);

  /**
   * Gradients of the delta {@code s (X A^T) B^T} given the gradient {@code dY} of its output,
   * written into {@code into} (overwriting it): {@code dX = s dY B A}, {@code dA = s (dY B)^T X},
   * {@code dB = s dY^T (X A^T)}.
   *
   * @param shape adapter dimensions
   * @param rows number of input rows
   * @param x input {@code [rows, in]}, read only
   * @param a down projection {@code [rank, in]}, read only
   * @param b up projection {@code [out, rank]}, read only
   * @param scale the scaling {@code s}
   * @param dY output gradient {@code [rows, out]}, read only
   * @param into receives {@code dX [rows, in]}, {@code dA [rank, in]} and {@code dB [out, rank]}
   */
  void deltaBackward(
      LoraShape shape,
      int rows,
      float[] x,
      float[] a,
      float[] b,
      float scale,
      float[] dY,
      LoraGradients into);

  /**
   * Like {@link #deltaBackward(LoraShape, int, float[], float[], float[], float, float[],
   * LoraGradients)} but returns freshly allocated gradients owned by the caller.
   */
  default LoraGradients deltaBackward(
      LoraShape shape, int rows, float[] x, float[] a, float[] b, float scale, float[] dY) {
    LoraGradients gradients = LoraGradients.allocate(shape, rows);
    deltaBackward(shape, rows, x, a, b, scale, dY, gradients);
    return gradients;
  }

  /**
   * Folds the adapter into the weight: {@code W += s B A}.
   *
   * @param shape adapter dimensions
   * @param w weight {@code [out, in]}, updated in place
   * @param a down projection {@code [rank, in]}, read only
   * @param b up projection {@code [out, rank]}, read only
   * @param scale the scaling {@code s}
   */
  void merge(LoraShape shape, float[] w, float[] a, float[] b, float scale);

  /**
   * Folds the adapter into a weight held in a buffer (heap, direct or a writable memory mapping, in
   * either byte order): {@code W += s B A}. The weight is the {@code out * in} floats from the
   * buffer's position, which must be exactly its remaining floats (use {@code
   * FloatBuffer.slice(index, length)} to address a block of a larger tensor, such as the q rows of
   * a fused qkv weight). The buffer's position and limit are left unchanged.
   *
   * @param shape adapter dimensions
   * @param w weight {@code [out, in]}, updated in place; must not be read-only
   * @param a down projection {@code [rank, in]}, read only
   * @param b up projection {@code [out, rank]}, read only
   * @param scale the scaling {@code s}
   */
  void merge(LoraShape shape, FloatBuffer w, float[] a, float[] b, float scale);

  /** Removes a merged adapter from the weight: {@code W -= s B A}. Exact up to float rounding. */
  default void unmerge(LoraShape shape, float[] w, float[] a, float[] b, float scale) {
    merge(shape, w, a, b, -scale);
  }

  /** Buffer form of {@link #unmerge(LoraShape, float[], float[], float[], float)}. */
  default void unmerge(LoraShape shape, FloatBuffer w, float[] a, float[] b, float scale) {
    merge(shape, w, a, b, -scale);
  }

  /** Releases threads or device memory; idempotent. */
  @Override
  void close();
}

package io.visft.heads.segmentation;

import com.google.common.base.Preconditions;
import io.visft.core.data.mask.BinaryMask;
import io.visft.core.nn.ResizeMatrices;
import io.visft.core.nn.ResizeMatrix;
import io.visft.core.nn.ResizeMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Mask2Former's instance inference for one image: every (query, class) pair is scored by its class
 * probability (softmax without "no object"); the {@code topK} best pairs keep their query's mask,
 * bilinearly resized ({@code align_corners=False}) to the image, binarised at logit 0 and scored by
 * {@code p(class) · mean(sigmoid(logit) inside the mask)}. Stateless and thread-safe.
 */
public final class InstanceDecoder {

  private static final double EPS = 1e-6;

  private InstanceDecoder() {}

  /**
   * @param classLogits {@code [Q, classes + 1]} of one image (row-major)
   * @param maskLogits {@code [Q, h, w]} of the same image
   * @param topK pairs to keep (100 in ViSFT)
   * @return up to {@code topK} masks at {@code imageHeight × imageWidth}, best score first
   */
  public static List<ScoredMask> decode(
      float[] classLogits,
      float[] maskLogits,
      int queries,
      int h,
      int w,
      int imageHeight,
      int imageWidth,
      int topK) {
    Preconditions.checkArgument(
        queries > 0 && classLogits.length % queries == 0 && maskLogits.length == queries * h * w,
        "class logits of %s and mask logits of %s values do not fit %s queries of %sx%s",
        classLogits.length,
        maskLogits.length,
        queries,
        h,
        w);
    Preconditions.checkArgument(topK > 0, "topK must be > 0, got %s", topK);
    int slots = classLogits.length / queries;
    int classes = slots - 1;
    double[] scores = new double[queries * classes];
    for (int q = 0; q < queries; q++) {
      double[] p = SegmentationTargets.softmax(classLogits, q * slots, slots);
      System.arraycopy(p, 0, scores, q * classes, classes);
    }
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
    ResizeMatrix rows = ResizeMatrices.axis(ResizeMode.BILINEAR, h, imageHeight);
    ResizeMatrix cols = ResizeMatrices.axis(ResizeMode.BILINEAR, w, imageWidth);
    List<ScoredMask> out = new ArrayList<>();
    for (int k = 0; k < Math.min(topK, order.length); k++) {
      int pair = order[k];
      int q = pair / classes;
      double[] resized = resize(maskLogits, q * h * w, h, w, rows, cols);
      byte[] pixels = new byte[resized.length];
      double inside = 0;
      int area = 0;
      for (int i = 0; i < resized.length; i++) {
        if (resized[i] > 0) {
          pixels[i] = 1;
          inside += 1 / (1 + Math.exp(-resized[i]));
          area++;
        }
      }
      double maskScore = inside / (area + EPS);
      out.add(
          new ScoredMask(
              pair % classes,
              scores[pair] * maskScore,
              q,
              new BinaryMask(imageHeight, imageWidth, pixels)));
    }
    out.sort(Comparator.comparingDouble((ScoredMask m) -> -m.score()));
    return out;
  }

  /** {@code R_h · M · R_wᵀ} for one {@code [h, w]} map. */
  private static double[] resize(
      float[] maps, int offset, int h, int w, ResizeMatrix rows, ResizeMatrix cols) {
    int oh = rows.rows();
    int ow = cols.rows();
    double[] tmp = new double[oh * w];
    for (int i = 0; i < oh; i++) {
      for (int y = 0; y < h; y++) {
        double r = rows.get(i, y);
        if (r != 0) {
          for (int x = 0; x < w; x++) {
            tmp[i * w + x] += r * maps[offset + y * w + x];
          }
        }
      }
    }
    double[] out = new double[oh * ow];
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        double sum = 0;
        for (int x = 0; x < w; x++) {
          sum += cols.get(j, x) * tmp[i * w + x];
        }
        out[i * ow + j] = sum;
      }
    }
    return out;
  }
}

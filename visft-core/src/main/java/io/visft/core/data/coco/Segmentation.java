package io.visft.core.data.coco;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.mask.PolygonRasterizer;
import io.visft.core.data.mask.Rle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The mask of an instance as written in a COCO file: polygons, or a run-length encoding whose
 * counts are either COCO's compressed string or a plain list of integers.
 */
public sealed interface Segmentation {

  /**
   * The mask on an image of {@code [imageHeight, imageWidth]} pixels, converted as the COCO API
   * does: polygons are rasterised and united, run-length forms are decoded.
   *
   * @throws IllegalArgumentException if a run-length form has a different size than the image
   */
  Rle toRle(int imageHeight, int imageWidth);

  /**
   * Whether this mask belongs on an image of {@code [imageHeight, imageWidth]}: always for
   * polygons, and for run-length forms when their size equals the image's.
   */
  boolean fitsImage(int imageHeight, int imageWidth);

  /**
   * One or more polygons of one object, each {@code [x0, y0, x1, y1, ...]} in pixels.
   *
   * <p>As in the COCO API, a list whose first polygon has exactly four numbers is read as boxes
   * {@code [x, y, width, height]} rather than polygons; an empty list is an empty mask.
   *
   * @param polygons the outlines (copied; each has an even length, at least 4 for the first)
   */
  record Polygons(List<double[]> polygons) implements Segmentation {

    /** Copies the outlines and validates their lengths and values. */
    public Polygons {
      List<double[]> copies = new ArrayList<>(polygons.size());
      for (int p = 0; p < polygons.size(); p++) {
        double[] xy = polygons.get(p).clone();
        checkArgument(
            xy.length % 2 == 0,
            "polygon %s has %s numbers; expected an even count [x0, y0, x1, y1, ...]",
            p,
            (Integer) xy.length);
        for (double value : xy) {
          checkArgument(
              Double.isFinite(value), "polygon %s has non-finite value %s", p, (Double) value);
        }
        copies.add(xy);
      }
      if (!copies.isEmpty()) {
        int first = copies.get(0).length;
        checkArgument(
            first >= 4,
            "polygon 0 has %s numbers; expected at least 6 (3 points), or 4 for a box",
            first);
        checkArgument(
            first != 4 || copies.stream().allMatch(xy -> xy.length == 4),
            "polygon 0 has 4 numbers, so the list is read as boxes [x, y, width, height], but"
                + " another polygon has a different length; give boxes or polygons, not both");
      }
      polygons = List.copyOf(copies);
    }

    /** The outlines; the arrays are copies, so changing them does not change this value. */
    @Override
    public List<double[]> polygons() {
      return polygons.stream().map(double[]::clone).toList();
    }

    @Override
    public boolean fitsImage(int imageHeight, int imageWidth) {
      return true;
    }

    @Override
    public Rle toRle(int imageHeight, int imageWidth) {
      if (polygons.isEmpty()) {
        return Rle.of(imageHeight, imageWidth, new int[] {imageHeight * imageWidth});
      }
      boolean boxes = polygons.get(0).length == 4;
      List<Rle> parts = new ArrayList<>(polygons.size());
      for (double[] xy : polygons) {
        parts.add(
            boxes
                ? PolygonRasterizer.rasterizeBox(
                    xy[0], xy[1], xy[2], xy[3], imageHeight, imageWidth)
                : PolygonRasterizer.rasterize(xy, imageHeight, imageWidth));
      }
      return Rle.merge(parts, false);
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Polygons that) || that.polygons.size() != polygons.size()) {
        return false;
      }
      for (int p = 0; p < polygons.size(); p++) {
        if (!Arrays.equals(polygons.get(p), that.polygons.get(p))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return polygons.stream().mapToInt(Arrays::hashCode).reduce(17, (a, b) -> 31 * a + b);
    }

    @Override
    public String toString() {
      return polygons.stream()
          .map(Arrays::toString)
          .collect(Collectors.joining(", ", "Polygons[", "]"));
    }
  }

  /**
   * A run-length mask with COCO's compressed counts string (as in result files and {@code
   * pycocotools} output).
   *
   * @param height mask rows ({@code size[0]})
   * @param width mask columns ({@code size[1]})
   * @param counts the compressed counts; validated to decode to {@code height * width} pixels
   */
  record CompressedRle(int height, int width, String counts) implements Segmentation {

    /** Validates that the counts decode and cover the size. */
    public CompressedRle {
      Objects.requireNonNull(counts, "counts");
      Rle.fromCompressedString(counts, height, width);
    }

    @Override
    public boolean fitsImage(int imageHeight, int imageWidth) {
      return height == imageHeight && width == imageWidth;
    }

    @Override
    public Rle toRle(int imageHeight, int imageWidth) {
      checkFits(this, height, width, imageHeight, imageWidth);
      return Rle.fromCompressedString(counts, height, width);
    }
  }

  /**
   * A run-length mask with plain integer counts (as COCO writes crowd regions).
   *
   * @param height mask rows ({@code size[0]})
   * @param width mask columns ({@code size[1]})
   * @param counts run lengths starting with background; validated to sum to {@code height * width}
   */
  record UncompressedRle(int height, int width, List<Integer> counts) implements Segmentation {

    /** Copies the counts and validates that they cover the size. */
    public UncompressedRle {
      counts = List.copyOf(counts);
      Rle.of(height, width, counts.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public boolean fitsImage(int imageHeight, int imageWidth) {
      return height == imageHeight && width == imageWidth;
    }

    @Override
    public Rle toRle(int imageHeight, int imageWidth) {
      checkFits(this, height, width, imageHeight, imageWidth);
      return Rle.of(height, width, counts.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  private static void checkFits(
      Segmentation mask, int height, int width, int imageHeight, int imageWidth) {
    checkArgument(
        mask.fitsImage(imageHeight, imageWidth),
        "run-length mask has size [%s, %s] but the image is [%s, %s] (rows, columns)",
        height,
        width,
        imageHeight,
        imageWidth);
  }
}

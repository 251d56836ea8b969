package io.visft.core.data.mask;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.geometry.Box;
import java.util.Arrays;
import java.util.List;

/**
 * A binary mask of {@code [height, width]} pixels stored as COCO run-length counts.
 *
 * <p>Pixels are visited in column-major (Fortran) order, top to bottom within a column and columns
 * left to right, so pixel {@code (row, col)} has position {@code col * height + row}. Counts
 * alternate between background and foreground runs, starting with background: a mask whose first
 * pixel is foreground starts with a zero count. The counts always sum to {@code height * width}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Rle {
  private final int height;
  private final int width;
  private final int[] counts;

  private Rle(int height, int width, int[] counts) {
    this.height = height;
    this.width = width;
    this.counts = counts;
  }

  /**
   * A mask from its run counts (copied).
   *
   * @throws IllegalArgumentException if a size or count is negative, the image has more than {@link
   *     Integer#MAX_VALUE} pixels, or the counts do not sum to {@code height * width}
   */
  public static Rle of(int height, int width, int[] counts) {
    checkArgument(height >= 0 && width >= 0, "mask size [%s, %s] is negative", height, width);
    long pixels = (long) height * width;
    checkArgument(
        pixels <= Integer.MAX_VALUE,
        "mask size [%s, %s] has %s pixels; at most %s are supported",
        height,
        width,
        pixels,
        Integer.MAX_VALUE);
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      checkArgument(counts[i] >= 0, "run %s has negative length %s", i, counts[i]);
      sum += counts[i];
    }
    checkArgument(
        sum == pixels,
        "run counts sum to %s but a [%s, %s] mask has %s pixels; the counts belong to another"
            + " image size or are truncated",
        sum,
        height,
        width,
        pixels);
    return new Rle(height, width, counts.clone());
  }

  /**
   * Encodes a mask given as rows: {@code mask[row][col]}, shape {@code [height, width]}.
   *
   * @throws IllegalArgumentException if the rows differ in length
   */
  public static Rle encode(boolean[][] mask) {
    int height = mask.length;
    int width = height == 0 ? 0 : mask[0].length;
    for (int row = 0; row < height; row++) {
      checkArgument(
          mask[row].length == width,
          "mask row %s has %s columns but row 0 has %s; expected a rectangular [height, width]"
              + " mask",
          row,
          mask[row].length,
          width);
    }
    RunBuilder runs = new RunBuilder();
    for (int col = 0; col < width; col++) {
      for (boolean[] row : mask) {
        runs.append(1, row[col]);
      }
    }
    return new Rle(height, width, runs.finish());
  }

  /** Encodes a {@link BinaryMask} (row-major) as COCO's column-major runs. */
  public static Rle encode(BinaryMask mask) {
    int height = mask.height();
    int width = mask.width();
    RunBuilder runs = new RunBuilder();
    for (int col = 0; col < width; col++) {
      for (int row = 0; row < height; row++) {
        runs.append(1, mask.get(row, col));
      }
    }
    return new Rle(height, width, runs.finish());
  }

  /**
   * Parses COCO's compressed counts string (see {@link RleStringCodec}) for a mask of the given
   * size.
   *
   * @throws IllegalArgumentException if the string is malformed or does not cover the size
   */
  public static Rle fromCompressedString(String counts, int height, int width) {
    return of(height, width, RleStringCodec.decode(counts));
  }

  /**
   * The union ({@code intersect == false}) or intersection of masks of one size, in canonical form
   * (no empty run after the first). A single mask is returned unchanged.
   *
   * @throws IllegalArgumentException if the list is empty or the sizes differ
   */
  public static Rle merge(List<Rle> masks, boolean intersect) {
    checkArgument(!masks.isEmpty(), "cannot merge an empty list of masks");
    Rle merged = masks.get(0);
    for (int i = 1; i < masks.size(); i++) {
      Rle next = masks.get(i);
      checkArgument(
          next.height == merged.height && next.width == merged.width,
          "mask %s has size [%s, %s] but mask 0 has [%s, %s]; only masks of one size merge",
          i,
          next.height,
          next.width,
          merged.height,
          merged.width);
      RunBuilder runs = new RunBuilder();
      RunPairWalker.walk(
          merged.counts,
          next.counts,
          (length, inA, inB) -> runs.append(length, intersect ? inA && inB : inA || inB));
      merged = new Rle(merged.height, merged.width, runs.finish());
    }
    return merged;
  }

  /** Rows of the mask. */
  public int height() {
    return height;
  }

  /** Columns of the mask. */
  public int width() {
    return width;
  }

  /** A copy of the run counts. */
  public int[] counts() {
    return counts.clone();
  }

  /** The counts without copying, for this package's algorithms. */
  int[] countsView() {
    return counts;
  }

  /** Decodes to rows, {@code mask[row][col]}, shape {@code [height, width]}. */
  public boolean[][] decode() {
    boolean[][] mask = new boolean[height][width];
    int position = 0;
    for (int run = 0; run < counts.length; run++) {
      boolean value = (run & 1) == 1;
      for (int k = 0; k < counts[run]; k++, position++) {
        if (value) {
          mask[position % height][position / height] = true;
        }
      }
    }
    return mask;
  }

  /**
   * Decodes to a {@link BinaryMask}, the mask type the transforms and the heads use.
   *
   * @throws IllegalArgumentException if the mask has no pixels (height or width 0)
   */
  public BinaryMask toMask() {
    boolean[][] rows = decode();
    byte[] bits = new byte[height * width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        bits[y * width + x] = (byte) (rows[y][x] ? 1 : 0);
      }
    }
    return new BinaryMask(height, width, bits);
  }

  /** The number of foreground pixels. */
  public long area() {
    long area = 0;
    for (int run = 1; run < counts.length; run += 2) {
      area += counts[run];
    }
    return area;
  }

  /**
   * The tightest box around the foreground in pixel units, as the COCO API computes it: an empty
   * mask gives {@code [0, 0, 0, 0]}, and a run that spans several columns widens the box to the
   * full height.
   */
  public Box toBbox() {
    int usableRuns = counts.length & ~1;
    if (usableRuns == 0 || height == 0) {
      return Box.fromXywh(0, 0, 0, 0);
    }
    long minCol = width;
    long minRow = height;
    long maxCol = 0;
    long maxRow = 0;
    long end = 0;
    long startCol = 0;
    for (int run = 0; run < usableRuns; run++) {
      end += counts[run];
      boolean foregroundEnds = (run & 1) == 1;
      // After a background run: the first pixel of the next foreground run; after a foreground
      // run: its last pixel.
      long pixel = foregroundEnds ? end - 1 : end;
      long row = pixel % height;
      long col = pixel / height;
      if (!foregroundEnds) {
        startCol = col;
      } else if (startCol < col) {
        minRow = 0;
        maxRow = height - 1;
      }
      minCol = Math.min(minCol, col);
      maxCol = Math.max(maxCol, col);
      minRow = Math.min(minRow, row);
      maxRow = Math.max(maxRow, row);
    }
    return Box.fromXywh(minCol, minRow, maxCol - minCol + 1, maxRow - minRow + 1);
  }

  /** COCO's compressed counts string for this mask (see {@link RleStringCodec}). */
  public String toCompressedString() {
    return RleStringCodec.encode(counts);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Rle that
        && height == that.height
        && width == that.width
        && Arrays.equals(counts, that.counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Rle[size=[" + height + ", " + width + "], counts=" + toCompressedString() + "]";
  }
}

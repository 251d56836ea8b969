package io.visft.core.data;

import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.data.coco.CocoCategory;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.coco.InstanceAnnotation;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.mask.BoundingBox;
import io.visft.core.data.transform.AnnotatedImage;
import io.visft.core.data.transform.BinaryMask;
import io.visft.core.data.transform.Box;
import io.visft.core.data.transform.Geometry;
import io.visft.core.data.transform.ImageTransform;
import io.visft.core.data.transform.InstanceTarget;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A COCO-format instances split held in memory, for the detection and segmentation heads: every
 * image decoded, resized to a fixed square and ImageNet-normalised once, its objects (boxes and
 * masks) resized with it. Crowd regions are left out of the training targets, as DETR and
 * Mask2Former do, but stay in {@link #groundTruth()} for evaluation. Batches are a deterministic
 * function of their index, so a run resumes at any batch. For small splits (demos, tests, quick
 * evaluations); large ones stream through {@link Batcher}.
 */
public final class InstanceSet {
  private final int size;
  private final CocoDataset groundTruth;
  private final List<CocoImage> images;
  private final float[][] pixels;
  private final List<List<InstanceTarget>> instances;
  private final List<AnnotatedImage> originals;

  private InstanceSet(int size, CocoDataset groundTruth, List<CocoImage> images, float[][] pixels,
      List<List<InstanceTarget>> instances, List<AnnotatedImage> originals) {
    this.size = size;
    this.groundTruth = groundTruth;
    this.images = images;
    this.pixels = pixels;
    this.instances = instances;
    this.originals = originals;
  }

  /**
   * A training augmentation.
   *
   * @param transform applied to each decoded original (e.g. {@code Augmentations.detectionTrain})
   * @param canvas side of the square every transformed sample is padded to; no sample may exceed it
   * @param seed base seed of the per-sample generators
   */
  public record Augmentation(ImageTransform transform, int canvas, long seed) {}

  /**
   * Loads every image of {@code instancesJson} from {@code imageDir}.
   *
   * @param size side of the square every image is resized to (a multiple of the patch size)
   * @throws FileFormatException naming the annotation whose mask does not fit its image
   */
  public static InstanceSet load(Path instancesJson, Path imageDir, int size) {
    CocoDataset coco = CocoDataset.read(instancesJson);
    if (coco.images().isEmpty()) {
      throw new FileFormatException(instancesJson + " lists no images; an instances split needs at least one");
    }
    ImageNormalization norm = ImageNormalization.imagenet();
    float[][] px = new float[coco.images().size()][];
    List<List<InstanceTarget>> targets = new ArrayList<>();
    List<AnnotatedImage> originals = new ArrayList<>();
    for (int i = 0; i < px.length; i++) {
      CocoImage img = coco.images().get(i);
      List<InstanceTarget> objects = new ArrayList<>();
      for (InstanceAnnotation a : coco.instances(img.id())) {
        if (!a.crowd()) {
          objects.add(target(instancesJson, img, a));
        }
      }
      AnnotatedImage decoded = AnnotatedImage.of(ImageDecoder.decode(imageDir.resolve(img.fileName())), objects);
      originals.add(decoded);
      AnnotatedImage resized = Geometry.resize(decoded, size, size);
      px[i] = norm.toTensor(resized.image()).toFloatArray();
      targets.add(resized.instances().stream().filter(t -> !t.box().isEmpty()).toList());
    }
    return new InstanceSet(size, coco, coco.images(), px, targets, originals);
  }

  private static InstanceTarget target(Path file, CocoImage img, InstanceAnnotation a) {
    BoundingBox b = a.bbox();
    Box box = Box.fromXywh(b.x(), b.y(), b.width(), b.height());
    BinaryMask mask = a.segmentation().map(s -> {
      if (!s.fitsImage(img.height(), img.width())) {
        throw new FileFormatException(file + ": annotation " + a.id() + " of image " + img.id() + " has a mask that does"
            + " not fit the image's declared " + img.height() + "x" + img.width() + "; fix its size or the image entry");
      }
      boolean[][] rows = s.toRle(img.height(), img.width()).decode();
      byte[] bits = new byte[img.height() * img.width()];
      for (int y = 0; y < img.height(); y++) {
        for (int x = 0; x < img.width(); x++) {
          bits[y * img.width() + x] = (byte) (rows[y][x] ? 1 : 0);
        }
      }
      return new BinaryMask(img.height(), img.width(), bits);
    }).orElse(null);
    return new InstanceTarget(Math.toIntExact(a.categoryId()), box, mask);
  }

  public int imageCount() {
    return pixels.length;
  }

  /** Side of the square the images were resized to. */
  public int imageSize() {
    return size;
  }

  /** The split as read (original image sizes and coordinates, crowd regions included). */
  public CocoDataset groundTruth() {
    return groundTruth;
  }

  /** Category ids in increasing order; a head with contiguous classes uses their positions. */
  public List<Long> categoryIds() {
    return groundTruth.categories().stream().map(CocoCategory::id).sorted().toList();
  }

  /** The most (non-crowd) objects an image of the split holds. */
  public int maxObjects() {
    return instances.stream().mapToInt(List::size).max().orElse(0);
  }

  /** Image {@code i} as listed in the annotations (id, file and original size). */
  public CocoImage image(int i) {
    return images.get(i);
  }

  /** The non-crowd objects of image {@code i} in the resized {@code size × size} frame. */
  public List<InstanceTarget> instances(int i) {
    return instances.get(i);
  }

  /** Images {@code [first, first + count)} (wrapping around) as {@code [count, 3, size, size]}. */
  public HostTensor images(int first, int count) {
    return ImageStack.stack(pixels, size, first, count);
  }

  /** Batch {@code index} of {@code batchSize}: the resized images taken in order, wrapping around. */
  public Batch batch(long index, int batchSize) {
    int first = (int) Math.floorMod(index * batchSize, (long) pixels.length);
    List<List<InstanceTarget>> objects = new ArrayList<>();
    List<int[]> sizes = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) {
      objects.add(instances.get(Math.floorMod(first + i, pixels.length)));
      sizes.add(new int[] {size, size});
    }
    return new Batch(images(first, batchSize), new HostTensor(DType.BOOL, new long[] {batchSize, size, size},
        ByteBuffer.allocate(batchSize * size * size)), objects, sizes);
  }

  /**
   * Batch {@code index} of {@code batchSize} through {@code augmentation}: the originals taken in
   * order, wrapping around, sample {@code i} of the epoch transformed with a generator seeded by
   * {@code (seed, epoch, image)}, objects left without area by a crop dropped, then padded
   * bottom/right to the canvas.
   *
   * @throws IllegalArgumentException naming the image when a transformed sample exceeds the canvas
   */
  public Batch augmentedBatch(long index, int batchSize, Augmentation augmentation) {
    int n = originals.size();
    List<AnnotatedImage> samples = new ArrayList<>();
    List<int[]> sizes = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) {
      long position = index * batchSize + i;
      int image = (int) Math.floorMod(position, (long) n);
      SplittableRandom random = new SplittableRandom(Seeds.mix(augmentation.seed(), position / n, image));
      AnnotatedImage sample = augmentation.transform().apply(originals.get(image), random);
      if (sample.height() > augmentation.canvas() || sample.width() > augmentation.canvas()) {
        throw new IllegalArgumentException("image " + images.get(image).id() + " came out of the augmentation at "
            + sample.height() + "x" + sample.width() + ", larger than the " + augmentation.canvas() + " canvas; cap the"
            + " transform's size at the canvas");
      }
      samples.add(sample);
      sizes.add(unpaddedSize(sample.padding()));
    }
    BatchAssembler.Packed packed = BatchAssembler.pack(samples, augmentation.canvas(), augmentation.canvas(),
        ImageNormalization.imagenet());
    List<List<InstanceTarget>> objects = packed.instances().stream()
        .map(list -> list.stream().filter(t -> !t.box().isEmpty()).toList()).toList();
    return new Batch(packed.images(), packed.paddingMask(), objects, sizes);
  }

  /** The {@code (height, width)} of the unpadded top-left region (transforms pad bottom/right only). */
  private static int[] unpaddedSize(BinaryMask padding) {
    int h = 0;
    while (h < padding.height() && !padding.get(h, 0)) {
      h++;
    }
    int w = 0;
    while (w < padding.width() && !padding.get(0, w)) {
      w++;
    }
    return new int[] {h, w};
  }

  /**
   * @param images {@code [B, 3, S, S]}, normalised ({@code S} the size or the canvas)
   * @param paddingMask BOOL {@code [B, S, S]}, true where a pixel is padding
   * @param instances the objects of each image in the {@code S × S} frame
   * @param imageSizes each image's unpadded {@code (height, width)}
   */
  public record Batch(HostTensor images, HostTensor paddingMask, List<List<InstanceTarget>> instances,
      List<int[]> imageSizes) {}
}

package io.visft.core.data;

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
import io.visft.core.data.transform.InstanceTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  private InstanceSet(int size, CocoDataset groundTruth, List<CocoImage> images, float[][] pixels,
      List<List<InstanceTarget>> instances) {
    this.size = size;
    this.groundTruth = groundTruth;
    this.images = images;
    this.pixels = pixels;
    this.instances = instances;
  }

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
    for (int i = 0; i < px.length; i++) {
      CocoImage img = coco.images().get(i);
      List<InstanceTarget> objects = new ArrayList<>();
      for (InstanceAnnotation a : coco.instances(img.id())) {
        if (!a.crowd()) {
          objects.add(target(instancesJson, img, a));
        }
      }
      AnnotatedImage decoded = AnnotatedImage.of(ImageDecoder.decode(imageDir.resolve(img.fileName())), objects);
      AnnotatedImage resized = Geometry.resize(decoded, size, size);
      px[i] = norm.toTensor(resized.image()).toFloatArray();
      targets.add(resized.instances().stream().filter(t -> !t.box().isEmpty()).toList());
    }
    return new InstanceSet(size, coco, coco.images(), px, targets);
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

  /** Batch {@code index} of {@code batchSize}: images taken in order, wrapping around. */
  public Batch batch(long index, int batchSize) {
    int first = (int) Math.floorMod(index * batchSize, (long) pixels.length);
    List<List<InstanceTarget>> objects = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) {
      objects.add(instances.get(Math.floorMod(first + i, pixels.length)));
    }
    return new Batch(images(first, batchSize), objects);
  }

  /**
   * @param images {@code [B, 3, S, S]}, normalised
   * @param instances the objects of each image in the {@code S × S} frame
   */
  public record Batch(HostTensor images, List<List<InstanceTarget>> instances) {}
}

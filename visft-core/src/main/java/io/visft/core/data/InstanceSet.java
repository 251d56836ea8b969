package io.visft.core.data;

import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.api.ImageSize;
import io.visft.core.data.coco.CocoCategory;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.coco.InstanceAnnotation;
import io.visft.core.data.geometry.Box;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.mask.BinaryMask;
import io.visft.core.data.transform.AnnotatedImage;
import io.visft.core.data.transform.AnnotatedImages;
import io.visft.core.data.transform.ImageTransform;
import io.visft.core.data.transform.InstanceTarget;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A COCO-format instances split for the detection and segmentation heads. {@link #batch} gives the
 * images resized to a fixed square with their objects (evaluation); {@link #augmentedBatch} applies
 * a training transform (the paper's per-task augmentations) to the decoded originals, each sample
 * with its own generator seeded by epoch and image, and pads to a fixed canvas. Crowd regions are
 * left out of the targets, as DETR and Mask2Former do, but stay in {@link #groundTruth()} for
 * evaluation. Batches are deterministic functions of their index, so a run resumes at any batch.
 *
 * <p>{@link #load} decodes every image once and keeps it (small splits: demos, tests, subsets);
 * {@link #open} keeps only the annotations and decodes the images a batch needs when it is built
 * (memory bounded by a batch, any split size; pair it with a {@link io.visft.core.train.Prefetcher}
 * to decode in the background). A file that cannot be decoded fails the batch with its name and
 * image id.
 */
public final class InstanceSet {
  private final int size;
  private final Path annotations;
  private final Path imageDir;
  private final CocoDataset groundTruth;
  private final List<CocoImage> images;
  private final List<AnnotatedImage> originals;
  private final float[][] pixels;
  private final List<List<InstanceTarget>> instances;
  private final BadSamplePolicy onBadImage;

  private InstanceSet(
      int size,
      Path annotations,
      Path imageDir,
      CocoDataset groundTruth,
      boolean cache,
      BadSamplePolicy onBadImage) {
    this.size = size;
    this.onBadImage = onBadImage;
    this.annotations = annotations;
    this.imageDir = imageDir;
    this.groundTruth = groundTruth;
    this.images = groundTruth.images();
    if (images.isEmpty()) {
      throw new FileFormatException(
          annotations + " lists no images; an instances split needs at least one");
    }
    this.originals = cache ? new ArrayList<>() : null;
    this.pixels = cache ? new float[images.size()][] : null;
    this.instances = cache ? new ArrayList<>() : null;
    if (cache) {
      for (int i = 0; i < images.size(); i++) {
        AnnotatedImage original =
            BadImages.decode(i, images.size(), onBadImage, this::decode).value();
        originals.add(original);
        Resized r = resize(original);
        pixels[i] = r.pixels();
        instances.add(r.objects());
      }
    }
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
   * Reads {@code instancesJson} and decodes every image it lists from {@code imageDir} into memory.
   *
   * @param size side of the square images are resized to by {@link #batch} (a multiple of the patch
   *     size)
   * @throws FileFormatException naming the annotation whose mask does not fit its image
   */
  public static InstanceSet load(Path instancesJson, Path imageDir, int size) {
    return load(instancesJson, imageDir, size, BadSamplePolicy.FAIL);
  }

  /**
   * As {@link #load(Path, Path, int)}; with {@link BadSamplePolicy#SKIP} a bad image or annotation
   * is replaced by the next good image (for training; evaluation needs every image as listed).
   */
  public static InstanceSet load(
      Path instancesJson, Path imageDir, int size, BadSamplePolicy onBadImage) {
    return new InstanceSet(
        size, instancesJson, imageDir, CocoDataset.read(instancesJson), true, onBadImage);
  }

  /**
   * Reads {@code instancesJson} only; images are decoded from {@code imageDir} when a batch needs
   * them.
   */
  public static InstanceSet open(Path instancesJson, Path imageDir, int size) {
    return open(instancesJson, imageDir, size, BadSamplePolicy.FAIL);
  }

  /**
   * As {@link #open(Path, Path, int)}, with the policy for bad images of {@link #load(Path, Path,
   * int, BadSamplePolicy)}.
   */
  public static InstanceSet open(
      Path instancesJson, Path imageDir, int size, BadSamplePolicy onBadImage) {
    return new InstanceSet(
        size, instancesJson, imageDir, CocoDataset.read(instancesJson), false, onBadImage);
  }

  /** Image {@code i} decoded at its own size, with its non-crowd objects. */
  private AnnotatedImage decode(int i) {
    CocoImage img = images.get(i);
    List<InstanceTarget> objects = new ArrayList<>();
    for (InstanceAnnotation a : groundTruth.instances(img.id())) {
      if (!a.crowd()) {
        objects.add(target(annotations, img, a));
      }
    }
    try {
      return AnnotatedImage.of(ImageDecoder.decode(imageDir.resolve(img.fileName())), objects);
    } catch (FileFormatException | UncheckedIOException e) {
      throw new FileFormatException(
          "image "
              + img.id()
              + " of "
              + annotations
              + ": "
              + e.getMessage()
              + " (replace the file or drop the image from the annotations)",
          e);
    }
  }

  private AnnotatedImage original(int i) {
    return originals != null
        ? originals.get(i)
        : BadImages.decode(i, images.size(), onBadImage, this::decode).value();
  }

  /** An image resized to the square: normalised pixels {@code [3, S, S]} and its objects. */
  private record Resized(float[] pixels, List<InstanceTarget> objects) {}

  private Resized resize(AnnotatedImage original) {
    AnnotatedImage resized = AnnotatedImages.resize(original, size, size);
    return new Resized(
        ImageNormalization.imagenet().toTensor(resized.image()).toFloatArray(),
        resized.instances().stream().filter(t -> !t.box().isEmpty()).toList());
  }

  private Resized resized(int i) {
    return pixels != null ? new Resized(pixels[i], instances.get(i)) : resize(original(i));
  }

  private static InstanceTarget target(Path file, CocoImage img, InstanceAnnotation a) {
    Box box = a.bbox();
    BinaryMask mask =
        a.segmentation()
            .map(
                s -> {
                  if (!s.fitsImage(img.height(), img.width())) {
                    throw new FileFormatException(
                        file
                            + ": annotation "
                            + a.id()
                            + " of image "
                            + img.id()
                            + " has a mask that does"
                            + " not fit the image's declared "
                            + img.height()
                            + "x"
                            + img.width()
                            + "; fix its size or the image entry");
                  }
                  return s.toRle(img.height(), img.width()).toMask();
                })
            .orElse(null);
    return new InstanceTarget(Math.toIntExact(a.categoryId()), box, mask);
  }

  public int imageCount() {
    return images.size();
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

  /** The most non-crowd objects an image of the split is annotated with. */
  public int maxObjects() {
    return images.stream()
        .mapToInt(
            img -> (int) groundTruth.instances(img.id()).stream().filter(a -> !a.crowd()).count())
        .max()
        .orElse(0);
  }

  /** Image {@code i} as listed in the annotations (id, file and original size). */
  public CocoImage image(int i) {
    return images.get(i);
  }

  /** The non-crowd objects of image {@code i} in the resized {@code size × size} frame. */
  public List<InstanceTarget> instances(int i) {
    return resized(i).objects();
  }

  /** Images {@code [first, first + count)} (wrapping around) as {@code [count, 3, size, size]}. */
  public HostTensor images(int first, int count) {
    return resizedBatch(first, count).images();
  }

  /**
   * Batch {@code index} of {@code batchSize}: the resized images taken in order, wrapping around.
   */
  public Batch batch(long index, int batchSize) {
    return resizedBatch(Math.floorMod(index * batchSize, (long) images.size()), batchSize);
  }

  /** Images {@code [first, first + count)} (wrapping around), resized, with their objects. */
  private Batch resizedBatch(long first, int count) {
    float[][] px = new float[count][];
    List<List<InstanceTarget>> objects = new ArrayList<>();
    List<ImageSize> sizes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Resized r = resized((int) Math.floorMod(first + i, (long) images.size()));
      px[i] = r.pixels();
      objects.add(r.objects());
      sizes.add(ImageSize.square(size));
    }
    return new Batch(
        ImageStack.stack(px, size, 0, count),
        new HostTensor(
            DType.BOOL, new long[] {count, size, size}, ByteBuffer.allocate(count * size * size)),
        objects,
        sizes);
  }

  /** {@link #augmentedBatch} with {@code augmentation}, or {@link #batch} when it is null. */
  public Batch trainingBatch(long index, int batchSize, Augmentation augmentation) {
    return augmentation == null
        ? batch(index, batchSize)
        : augmentedBatch(index, batchSize, augmentation);
  }

  /** The side of {@link #trainingBatch}'s images: the augmentation's canvas, or the resize size. */
  public int trainingSize(Augmentation augmentation) {
    return augmentation == null ? size : augmentation.canvas();
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
    int n = images.size();
    List<AnnotatedImage> samples = new ArrayList<>();
    List<ImageSize> sizes = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) {
      long position = index * batchSize + i;
      int image = (int) Math.floorMod(position, (long) n);
      SplittableRandom random =
          new SplittableRandom(Seeds.mix(augmentation.seed(), position / n, image));
      AnnotatedImage sample = augmentation.transform().apply(original(image), random);
      if (sample.height() > augmentation.canvas() || sample.width() > augmentation.canvas()) {
        throw new IllegalArgumentException(
            "image "
                + images.get(image).id()
                + " came out of the augmentation at "
                + sample.height()
                + "x"
                + sample.width()
                + ", larger than the "
                + augmentation.canvas()
                + " canvas; cap the"
                + " transform's size at the canvas");
      }
      samples.add(sample);
      sizes.add(unpaddedSize(sample.padding()));
    }
    BatchAssembler.Packed packed =
        BatchAssembler.pack(
            samples, augmentation.canvas(), augmentation.canvas(), ImageNormalization.imagenet());
    List<List<InstanceTarget>> objects =
        packed.instances().stream()
            .map(list -> list.stream().filter(t -> !t.box().isEmpty()).toList())
            .toList();
    return new Batch(packed.images(), packed.paddingMask(), objects, sizes);
  }

  /** The size of the unpadded top-left region (transforms pad bottom/right only). */
  private static ImageSize unpaddedSize(BinaryMask padding) {
    int h = 0;
    while (h < padding.height() && !padding.get(h, 0)) {
      h++;
    }
    int w = 0;
    while (w < padding.width() && !padding.get(0, w)) {
      w++;
    }
    return new ImageSize(h, w);
  }

  /**
   * @param images {@code [B, 3, S, S]}, normalised ({@code S} the size or the canvas)
   * @param paddingMask BOOL {@code [B, S, S]}, true where a pixel is padding
   * @param instances the objects of each image in the {@code S × S} frame
   * @param imageSizes each image's unpadded size
   */
  public record Batch(
      HostTensor images,
      HostTensor paddingMask,
      List<List<InstanceTarget>> instances,
      List<ImageSize> imageSizes) {}
}

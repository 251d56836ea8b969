package io.visft.core.data.coco;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A COCO annotation file in memory: images, categories, instance annotations and caption
 * annotations, indexed by id and by image.
 *
 * <p>References are checked on construction: every annotation names an existing image, every
 * instance an existing category, ids are unique per kind, and run-length masks have their image's
 * size. Lists keep file order. Immutable and thread-safe.
 */
public final class CocoDataset {
  private static final Logger LOG = LoggerFactory.getLogger(CocoDataset.class);

  private final String source;
  private final ImmutableList<CocoImage> images;
  private final ImmutableMap<Long, CocoImage> imagesById;
  private final ImmutableList<CocoCategory> categories;
  private final ImmutableMap<Long, CocoCategory> categoriesById;
  private final ImmutableList<InstanceAnnotation> instances;
  private final ImmutableList<CaptionAnnotation> captions;
  private final ImmutableListMultimap<Long, InstanceAnnotation> instancesByImage;
  private final ImmutableListMultimap<Long, CaptionAnnotation> captionsByImage;

  private CocoDataset(
      String source,
      List<CocoImage> images,
      List<CocoCategory> categories,
      List<InstanceAnnotation> instances,
      List<CaptionAnnotation> captions,
      Function<String, RuntimeException> invalid) {
    this.source = source;
    this.images = ImmutableList.copyOf(images);
    this.imagesById = uniqueIndex(images, CocoImage::id, "image", invalid);
    this.categories = ImmutableList.copyOf(categories);
    this.categoriesById = uniqueIndex(categories, CocoCategory::id, "category", invalid);
    this.instances = ImmutableList.copyOf(instances);
    this.captions = ImmutableList.copyOf(captions);
    uniqueIndex(instances, InstanceAnnotation::id, "instance annotation", invalid);
    uniqueIndex(captions, CaptionAnnotation::id, "caption annotation", invalid);
    for (InstanceAnnotation instance : instances) {
      checkInstance(instance, invalid);
    }
    for (CaptionAnnotation caption : captions) {
      if (!imagesById.containsKey(caption.imageId())) {
        throw invalid.apply(missingImage("annotation id " + caption.id(), caption.imageId()));
      }
    }
    this.instancesByImage =
        ImmutableListMultimap.copyOf(
            instances.stream().map(a -> Map.entry(a.imageId(), a)).toList());
    this.captionsByImage =
        ImmutableListMultimap.copyOf(
            captions.stream().map(a -> Map.entry(a.imageId(), a)).toList());
  }

  /**
   * Reads a COCO annotation file (instances, captions, or both), streaming it so that the full-size
   * training files fit in modest memory. Annotations with a {@code caption} field are captions; all
   * others are instances and need {@code bbox} and {@code area}.
   *
   * @throws io.visft.api.FileFormatException if the file is malformed; the message names the file,
   *     the annotation id (or element index) and the field
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public static CocoDataset read(Path annotationsJson) {
    CocoDataset dataset = CocoJsonReader.readDataset(annotationsJson);
    LOG.info(
        "Read {} images, {} categories, {} instances, {} captions from {}",
        dataset.images.size(),
        dataset.categories.size(),
        dataset.instances.size(),
        dataset.captions.size(),
        annotationsJson);
    return dataset;
  }

  /**
   * A dataset from parts built in code.
   *
   * @throws IllegalArgumentException if an id repeats or a reference is dangling
   */
  public static CocoDataset of(
      List<CocoImage> images,
      List<CocoCategory> categories,
      List<InstanceAnnotation> instances,
      List<CaptionAnnotation> captions) {
    return new CocoDataset(
        "in-memory dataset",
        images,
        categories,
        instances,
        captions,
        IllegalArgumentException::new);
  }

  /** Builds a dataset whose validation failures are raised through {@code invalid}. */
  static CocoDataset build(
      String source,
      List<CocoImage> images,
      List<CocoCategory> categories,
      List<InstanceAnnotation> instances,
      List<CaptionAnnotation> captions,
      Function<String, RuntimeException> invalid) {
    return new CocoDataset(source, images, categories, instances, captions, invalid);
  }

  /** Where the dataset came from: the file name, or "in-memory dataset". */
  public String source() {
    return source;
  }

  /** All images in file order. */
  public List<CocoImage> images() {
    return images;
  }

  /** The image with this id, if any. */
  public Optional<CocoImage> image(long imageId) {
    return Optional.ofNullable(imagesById.get(imageId));
  }

  /** All categories in file order. */
  public List<CocoCategory> categories() {
    return categories;
  }

  /** The category with this id, if any. */
  public Optional<CocoCategory> category(long categoryId) {
    return Optional.ofNullable(categoriesById.get(categoryId));
  }

  /** All instance annotations in file order. */
  public List<InstanceAnnotation> instances() {
    return instances;
  }

  /** The instance annotations of one image in file order; empty for unknown ids. */
  public List<InstanceAnnotation> instances(long imageId) {
    return instancesByImage.get(imageId);
  }

  /** All caption annotations in file order. */
  public List<CaptionAnnotation> captions() {
    return captions;
  }

  /** The captions of one image in file order; empty for unknown ids. */
  public List<CaptionAnnotation> captions(long imageId) {
    return captionsByImage.get(imageId);
  }

  private void checkInstance(
      InstanceAnnotation instance, Function<String, RuntimeException> invalid) {
    String element = "annotation id " + instance.id();
    CocoImage image = imagesById.get(instance.imageId());
    if (image == null) {
      throw invalid.apply(missingImage(element, instance.imageId()));
    }
    if (!categoriesById.containsKey(instance.categoryId())) {
      throw invalid.apply(
          String.format(
              "%s: field 'category_id': %d refers to no category in 'categories' (%d defined);"
                  + " add the category or fix the id",
              element, instance.categoryId(), categoriesById.size()));
    }
    if (!instance
        .segmentation()
        .map(s -> s.fitsImage(image.height(), image.width()))
        .orElse(true)) {
      throw invalid.apply(
          String.format(
              "%s: field 'segmentation': the run-length size differs from image %d's [height,"
                  + " width] [%d, %d]; the mask must cover its image",
              element, image.id(), image.height(), image.width()));
    }
  }

  private static String missingImage(String element, long imageId) {
    return String.format(
        "%s: field 'image_id': %d refers to no image in 'images'; add the image or fix the id",
        element, imageId);
  }

  private static <T> ImmutableMap<Long, T> uniqueIndex(
      List<T> items,
      ToLongFunction<T> id,
      String kind,
      Function<String, RuntimeException> invalid) {
    Map<Long, T> index = new LinkedHashMap<>();
    for (T item : items) {
      if (index.putIfAbsent(id.applyAsLong(item), item) != null) {
        throw invalid.apply(
            String.format(
                "%s id %d appears more than once; ids must be unique", kind, id.applyAsLong(item)));
      }
    }
    return ImmutableMap.copyOf(index);
  }
}

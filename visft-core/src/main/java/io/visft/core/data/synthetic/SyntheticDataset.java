package io.visft.core.data.synthetic;

import java.nio.file.Path;

/**
 * Where a generated data set lies. COCO {@code file_name}s are relative to {@code imageDir}.
 *
 * @param root the output directory
 * @param imageDir {@code root/images}
 * @param instancesJson {@code root/instances.json}: images, annotations with polygons, categories
 * @param captionsJson {@code root/captions.json}: images and caption annotations
 * @param imageCount images written
 * @param annotationCount object annotations written
 */
public record SyntheticDataset(
    Path root,
    Path imageDir,
    Path instancesJson,
    Path captionsJson,
    int imageCount,
    int annotationCount) {}

/**
 * Binary masks: {@link io.visft.core.data.mask.BinaryMask}, the one pixel mask type from the COCO
 * reader through the transforms to the heads' targets and decoders, and COCO's run-length encoding
 * ({@link io.visft.core.data.mask.Rle}) where the format needs it (annotation and result files,
 * COCO evaluation), with the same semantics as the COCO API's mask utilities: column-major runs,
 * the compact string codec, polygon rasterisation, merging, area, bounding boxes and intersection
 * over union.
 *
 * <p>Every type here is immutable (a {@code BinaryMask} shares its array: treat it as immutable)
 * and thread-safe; methods are pure functions of their arguments.
 */
package io.visft.core.data.mask;

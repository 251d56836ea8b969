/**
 * Binary instance masks in COCO's run-length encoding, with the same semantics as the COCO API's
 * mask utilities: column-major runs, the compact string codec, polygon rasterisation, merging,
 * area, bounding boxes and intersection over union.
 *
 * <p>Every type here is immutable and thread-safe; methods are pure functions of their arguments.
 */
package io.visft.core.data.mask;

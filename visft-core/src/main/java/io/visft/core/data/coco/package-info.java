/**
 * The COCO annotation format: images, categories, instance annotations (boxes and masks), caption
 * annotations, and detection result files.
 *
 * <p>{@link io.visft.core.data.coco.CocoDataset#read} parses an annotation file (instances or
 * captions) and indexes it by image; {@link io.visft.core.data.coco.CocoResultsReader#read} parses
 * a result file. Malformed files raise {@link io.visft.api.FileFormatException} naming the file,
 * the element (annotation id or result index) and the field. All types are immutable and
 * thread-safe.
 */
package io.visft.core.data.coco;

/**
 * Images of words: seeded rendering with Java2D and the installed fonts ({@link
 * io.visft.core.data.text.WordRenderer}, {@link io.visft.core.data.text.WordDatasetGenerator}), and
 * words folders (PNG or JPEG images plus {@code labels.json}) read back as a data set ({@link
 * io.visft.core.data.text.WordImages}).
 */
package io.visft.core.data.text;

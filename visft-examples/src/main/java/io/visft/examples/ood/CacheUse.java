package io.visft.examples.ood;

import java.nio.file.Path;

/**
 * Where one set of embeddings of a suite run came from, for the report.
 *
 * @param benchmark benchmark name
 * @param backbone backbone variant name
 * @param file the embedding cache file of the entry
 * @param fromCache whether the embeddings were read from {@code file} (else computed and stored
 *     there)
 */
public record CacheUse(String benchmark, String backbone, Path file, boolean fromCache) {}

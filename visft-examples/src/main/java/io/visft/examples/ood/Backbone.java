package io.visft.examples.ood;

import io.visft.core.eval.FeatureExtractor;

/**
 * One backbone variant compared by a suite.
 *
 * @param name label in reports ({@code base} or {@code adapted})
 * @param extractor pixels to feature maps
 * @param tower pixels to EVA-CLIP image embeddings as 1×1 maps ({@link
 *     FeatureExtractor#ofEmbeddings}), or {@code null} when the checkpoint was opened without its
 *     visual tower
 * @param checkpoint {@link io.visft.core.eval.EmbeddingCacheKey#fileIdentity} of the checkpoint
 * @param adapter identity of the adapter and its settings, or {@code EmbeddingCacheKey.NO_ADAPTER}
 */
public record Backbone(
    String name,
    FeatureExtractor extractor,
    FeatureExtractor tower,
    String checkpoint,
    String adapter) {}

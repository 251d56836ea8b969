package io.visft.spark;

import java.util.List;

/**
 * What {@link EmbeddingJob#run} did.
 *
 * @param output where the embeddings were written (Parquet: {@code id} string, {@code embedding}
 *     array&lt;float&gt;)
 * @param embedded how many images were embedded
 * @param skipped how many images could not be decoded and were left out (always 0 under {@code
 *     FAIL})
 * @param firstSkipped the errors of the first few skipped images by id (at most {@link
 *     EmbeddingJob#NAMED_SKIPPED}), each naming its file
 */
public record EmbeddingJobResult(
    String output, long embedded, long skipped, List<String> firstSkipped) {
  public EmbeddingJobResult {
    firstSkipped = List.copyOf(firstSkipped);
  }
}

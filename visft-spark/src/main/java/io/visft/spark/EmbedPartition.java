package io.visft.spark;

import io.visft.api.FileFormatException;
import io.visft.core.data.BadSamplePolicy;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.RgbImage;
import io.visft.core.eval.FeatureMatrix;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds one partition of {@code (path, content)} rows, {@link EmbeddingJobConfig#batchSize()}
 * images at a time, lazily: rows of {@link EmbeddingJob#EMBEDDED} ({@code id}, {@code embedding},
 * {@code error}), where an image that cannot be decoded gives a row with its error (naming the
 * file) and no embedding under {@code SKIP}, and fails the task naming the file under {@code FAIL}.
 */
final class EmbedPartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EmbedPartition.class);
  private final EmbeddingJobConfig config;

  EmbedPartition(EmbeddingJobConfig config) {
    this.config = config;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && input.hasNext()) {
          embedChunk(input, ready);
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }

  private void embedChunk(Iterator<Row> input, ArrayDeque<Row> out) {
    List<String> ids = new ArrayList<>();
    List<RgbImage> images = new ArrayList<>();
    while (images.size() < config.batchSize() && input.hasNext()) {
      Row row = input.next();
      String id = row.getString(0);
      try {
        images.add(ImageDecoder.decode((byte[]) row.get(1), id));
        ids.add(id);
      } catch (FileFormatException e) {
        if (config.onBadImage() == BadSamplePolicy.FAIL) {
          throw e;
        }
        LOG.warn("skipping a bad image: {}", e.getMessage());
        out.add(RowFactory.create(id, null, e.getMessage()));
      }
    }
    if (images.isEmpty()) {
      return;
    }
    FeatureMatrix pooled = ExecutorBackbones.embed(config, new DecodedImages(ids, images));
    float[] values = pooled.values();
    for (int i = 0; i < ids.size(); i++) {
      float[] row = Arrays.copyOfRange(values, i * pooled.dim(), (i + 1) * pooled.dim());
      out.add(RowFactory.create(ids.get(i), boxed(row), null));
    }
  }

  private static Float[] boxed(float[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}

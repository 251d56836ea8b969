package io.visft.spark;

import io.visft.core.data.LabeledImages;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.ImageEmbedder;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.lora.BackboneExtractor;
import io.visft.lora.Lora;
import io.visft.lora.format.LoraFiles;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backbones of this JVM (an executor, or the driver in local mode): one checkpoint read and one
 * ONNX Runtime session per input shape for each distinct {@link ModelFiles} and device, opened by
 * the first task that needs it and reused by every later partition and task, closed by a JVM
 * shutdown hook. Thread-safe: tasks running at once in one executor take turns on a backbone (one
 * ONNX Runtime session already uses the executor's cores).
 */
final class ExecutorBackbones {
  private static final Map<Key, Loaded> LOADED = new LinkedHashMap<>();
  private static boolean hookAdded;

  private ExecutorBackbones() {}

  private record Key(ModelFiles model, String device) {}

  /**
   * Mean-pooled embeddings of {@code images} by the backbone of {@code config}, as {@link
   * ImageEmbedder} computes them in a single process.
   *
   * @return {@code [images.size(), C]}
   */
  static FeatureMatrix embed(EmbeddingJobConfig config, LabeledImages images) {
    Loaded loaded = get(new Key(config.model(), config.device()));
    synchronized (loaded) {
      return loaded.embedder(config).embed(images, images.id(), false).pooled();
    }
  }

  private static synchronized Loaded get(Key key) {
    Loaded loaded = LOADED.get(key);
    if (loaded == null) {
      loaded = Loaded.open(key);
      LOADED.put(key, loaded);
      if (!hookAdded) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(ExecutorBackbones::closeAll, "visft-close-backbones"));
        hookAdded = true;
      }
    }
    return loaded;
  }

  private static synchronized void closeAll() {
    List<Loaded> all = new ArrayList<>(LOADED.values());
    LOADED.clear();
    all.forEach(Loaded::close);
  }

  /** A checkpoint held open and the extractor over it; closes both. */
  private static final class Loaded implements AutoCloseable {
    private static final PrintStream NO_PROGRESS = new PrintStream(OutputStream.nullOutputStream());
    private final EvaWeightsFile checkpoint;
    private final BackboneExtractor extractor;

    private Loaded(EvaWeightsFile checkpoint, BackboneExtractor extractor) {
      this.checkpoint = checkpoint;
      this.extractor = extractor;
    }

    static Loaded open(Key key) {
      ModelFiles files = key.model();
      EvaWeightsFile checkpoint =
          EvaWeightsFile.open(files.weightsPath(), files.archOnThisJvm(), false);
      try {
        Lora lora =
            files.adapterPath() == null
                ? null
                : LoraFiles.read(files.adapterPath(), files.loraAlpha());
        return new Loaded(
            checkpoint,
            new BackboneExtractor(
                checkpoint.config(),
                checkpoint.weights(),
                lora,
                RuntimeOptions.parse(key.device())));
      } catch (RuntimeException e) {
        checkpoint.close();
        throw e;
      }
    }

    ImageEmbedder embedder(EmbeddingJobConfig config) {
      return new ImageEmbedder(extractor, config.imageSize(), config.batchSize(), NO_PROGRESS);
    }

    @Override
    public void close() {
      try {
        extractor.close();
      } finally {
        checkpoint.close();
      }
    }
  }
}

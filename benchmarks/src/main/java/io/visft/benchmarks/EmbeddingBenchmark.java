package io.visft.benchmarks;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.data.LabeledImages;
import io.visft.core.data.image.RgbImage;
import io.visft.core.eval.FeatureExtractor;
import io.visft.core.eval.ImageEmbedder;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.LinearLayer;
import io.visft.lora.AdaptedBackbone;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Embedding throughput of the evaluation path: {@link ImageEmbedder} on 16 in-memory 240×320 images
 * (resize to 224×224, ImageNet normalisation, a ViT-S/16-sized EVA backbone in batches of 8, mean
 * pooling to {@code [16, 384]}). Images/s = 16000 / (ms per op).
 *
 * <p>{@code extractor}: {@code session} reuses one ONNX Runtime session built for the batch shape;
 * {@code graph-per-batch} builds, exports and opens the graph for every batch, as {@code visft
 * eval-ood} does through {@link AdaptedBackbone#features}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class EmbeddingBenchmark {
  static final int BATCH = 8;
  static final int IMAGES = 16;
  static final int SIZE = 224;

  @Param({"session", "graph-per-batch"})
  public String extractor;

  private GraphSession session;
  private ImageEmbedder embedder;
  private LabeledImages images;

  @Setup(Level.Trial)
  public void setUp() {
    EvaConfig config = BackboneBenchmark.config("vit_s16");
    Map<String, HostTensor> weights = BenchmarkWeights.backbone(config, 1);
    FeatureExtractor features;
    if ("session".equals(extractor)) {
      Graph g = new Graph();
      Value px = g.input("pixel_values", DType.F32, BATCH, 3, SIZE, SIZE);
      Value f = EvaBackbone.build(g, config, weights, px, LinearLayer.PLAIN);
      session =
          GraphSession.create(
              OnnxExporter.export(g, Map.of("features", f), Map.of()), RuntimeOptions.cpu());
      features =
          pixels -> {
            session.setInput("pixel_values", pixels);
            session.run();
            return session.outputCopy("features");
          };
    } else {
      features =
          pixels -> AdaptedBackbone.features(config, weights, null, pixels, RuntimeOptions.cpu());
    }
    embedder =
        new ImageEmbedder(features, SIZE, BATCH, new PrintStream(OutputStream.nullOutputStream()));
    images = randomImages(new SplittableRandom(3));
  }

  private static LabeledImages randomImages(SplittableRandom rnd) {
    List<RgbImage> list =
        IntStream.range(0, IMAGES)
            .mapToObj(
                i -> {
                  float[] planes = new float[3 * 240 * 320];
                  for (int p = 0; p < planes.length; p++) {
                    planes[p] = rnd.nextFloat();
                  }
                  return new RgbImage(240, 320, planes);
                })
            .toList();
    return new LabeledImages() {
      @Override
      public String id() {
        return "random-240x320";
      }

      @Override
      public int size() {
        return IMAGES;
      }

      @Override
      public int label(int index) {
        return 0;
      }

      @Override
      public RgbImage image(int index) {
        return list.get(index);
      }

      @Override
      public List<String> classNames() {
        return List.of("random");
      }
    };
  }

  @Benchmark
  public float embed() {
    return embedder.embed(images, "bench", false).pooled().get(IMAGES - 1, 0);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (session != null) {
      session.close();
    }
  }
}

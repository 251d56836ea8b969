import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.data.folder.ImageFolderDataset;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.image.RgbImage;
import io.visft.core.data.transform.AnnotatedImage;
import io.visft.core.data.transform.FixedResize;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import io.visft.spark.FashionMnistPngs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark job against single-process `visft features` on the same images
 * (tools/spark/fashion-mnist-check.sh): images ROOT COUNT Fashion-MNIST test images 0..COUNT-1 as
 * PNGs in ROOT/class<label>/ backbone CONFIG.json OUT.safetensors a randomly initialised EVA
 * backbone of that config (seed 0) pixels ROOT SIZE CHUNK OUT_PREFIX 'pixel_values' [n,3,SIZE,SIZE]
 * of the folder (in ImageFolderDataset order), resized and normalised as ImageEmbedder does, CHUNK
 * images per file compare ROOT SIZE CHUNK FEATURES_PREFIX PARQUET mean-pools the `visft features`
 * maps and compares them with the Spark job's embeddings, image by image: max |diff| <= 1e-6 * max
 * |value|
 */
public final class FeaturesCheck {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "images" -> FashionMnistPngs.write(Path.of(args[1]), Integer.parseInt(args[2]));
      case "backbone" ->
          SafetensorsWriter.write(
              Path.of(args[2]),
              EvaInit.random(EvaConfig.fromJson(Path.of(args[1])), 0),
              Map.of("visft.note", "randomly initialised backbone for throughput measurements"));
      case "pixels" ->
          pixels(
              ImageFolderDataset.open(Path.of(args[1])),
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              args[4]);
      case "compare" ->
          System.exit(
              compare(
                  ImageFolderDataset.open(Path.of(args[1])),
                  Integer.parseInt(args[3]),
                  args[4],
                  args[5]));
      default ->
          throw new IllegalArgumentException(
              "unknown mode " + args[0] + "; expected images, backbone, pixels or compare");
    }
  }

  private static void pixels(ImageFolderDataset data, int side, int chunk, String prefix) {
    FixedResize resize = new FixedResize(side, side);
    ImageNormalization normalization = ImageNormalization.imagenet();
    int perImage = 3 * side * side;
    for (int start = 0, part = 0; start < data.size(); start += chunk, part++) {
      int count = Math.min(chunk, data.size() - start);
      ByteBuffer bytes =
          ByteBuffer.allocateDirect(count * perImage * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      FloatBuffer floats = bytes.asFloatBuffer();
      for (int i = 0; i < count; i++) {
        RgbImage image =
            resize
                .apply(AnnotatedImage.of(data.image(start + i), List.of()), new SplittableRandom(0))
                .image();
        normalization.writeInto(image, floats, i * perImage, side, side);
      }
      SafetensorsWriter.write(
          Path.of(prefix + part + ".safetensors"),
          Map.of(
              "pixel_values", new HostTensor(DType.F32, new long[] {count, 3, side, side}, bytes)),
          Map.of());
    }
  }

  private static int compare(ImageFolderDataset data, int chunk, String prefix, String parquet) {
    Map<String, float[]> single = new TreeMap<>();
    for (int start = 0, part = 0; start < data.size(); start += chunk, part++) {
      try (SafetensorsFile file = SafetensorsFile.open(Path.of(prefix + part + ".safetensors"))) {
        HostTensor maps = file.tensorF32("features");
        long[] s = maps.shape();
        int channels = (int) s[1];
        int positions = (int) (s[2] * s[3]);
        FloatBuffer v = maps.floatView();
        for (int b = 0; b < s[0]; b++) {
          float[] pooled = new float[channels];
          for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int p = 0; p < positions; p++) {
              sum += v.get((b * channels + c) * positions + p);
            }
            pooled[c] = (float) (sum / positions);
          }
          single.put(data.file(start + b).toAbsolutePath().toString(), pooled);
        }
      }
    }
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("features-check")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    Map<String, float[]> distributed = new TreeMap<>();
    try {
      for (Row row : spark.read().parquet(parquet).collectAsList()) {
        List<Float> values = row.getList(row.fieldIndex("embedding"));
        float[] e = new float[values.size()];
        for (int i = 0; i < e.length; i++) {
          e[i] = values.get(i);
        }
        distributed.put(
            Path.of(java.net.URI.create(row.getString(row.fieldIndex("id")))).toString(), e);
      }
    } finally {
      spark.stop();
    }
    if (!single.keySet().equals(distributed.keySet())) {
      System.out.println(
          "FAIL: the Spark job embedded "
              + distributed.size()
              + " images, visft features "
              + single.size()
              + "; they differ");
      return 1;
    }
    double worst = 0;
    int bitIdentical = 0;
    for (Map.Entry<String, float[]> e : single.entrySet()) {
      float[] want = e.getValue();
      float[] got = distributed.get(e.getKey());
      double scale = 0;
      double diff = 0;
      for (int i = 0; i < want.length; i++) {
        scale = Math.max(scale, Math.abs(want[i]));
        diff = Math.max(diff, Math.abs(want[i] - got[i]));
      }
      worst = Math.max(worst, diff / scale);
      bitIdentical += java.util.Arrays.equals(want, got) ? 1 : 0;
    }
    System.out.printf(
        "%d images: worst max|diff|/max|value| = %.3g (limit 1e-6); %d bit-identical%n",
        single.size(), worst, bitIdentical);
    return worst <= 1e-6 ? 0 : 1;
  }
}

package io.visft.heads.detection;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ImageSize;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.heads.matching.Assignment;
import io.visft.heads.matching.DetectionMatchCost;
import io.visft.heads.matching.Match;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch reference fixture of {@code tools/fixtures/detection_head_fixture.py}: a tiny head,
 * two feature maps (the second padded), targets and matches, read into the library's types.
 */
final class DetectionFixture implements AutoCloseable {
  static final Path DIR = Path.of("src/test/resources/io/visft/heads/detection");

  final SafetensorsFile params =
      SafetensorsFile.open(DIR.resolve("detection_head_params.safetensors"));
  final SafetensorsFile inputs =
      SafetensorsFile.open(DIR.resolve("detection_head_inputs.safetensors"));
  final SafetensorsFile expected =
      SafetensorsFile.open(DIR.resolve("detection_head_expected.safetensors"));

  /** The fixture's configuration, dropout 0. */
  DetectionHeadConfig config() {
    Map<String, String> m = inputs.metadata();
    double classWeight = Double.parseDouble(m.get("class_weight"));
    double bboxWeight = Double.parseDouble(m.get("bbox_weight"));
    double giouWeight = Double.parseDouble(m.get("giou_weight"));
    return new DetectionHeadConfig(
        integer(m, "feature_dim"),
        integer(m, "encoder_dim"),
        integer(m, "decoder_dim"),
        integer(m, "num_heads"),
        integer(m, "encoder_layers"),
        integer(m, "decoder_layers"),
        integer(m, "feed_forward_dim"),
        integer(m, "num_queries"),
        integer(m, "num_classes"),
        0,
        integer(m, "task_embeddings"),
        integer(m, "task_index"),
        new DetectionLossConfig(
            classWeight,
            bboxWeight,
            giouWeight,
            Double.parseDouble(m.get("no_object_weight")),
            new DetectionMatchCost(classWeight, bboxWeight, giouWeight)));
  }

  DetectionHead head() {
    Map<String, HostTensor> values = new LinkedHashMap<>();
    params.names().forEach(n -> values.put(n, params.tensor(n)));
    return DetectionHead.of(config(), values);
  }

  HostTensor features() {
    return inputs.tensor("features");
  }

  /** The padding mask as BOOL (stored as I64 0/1). */
  HostTensor paddingMask() {
    HostTensor stored = inputs.tensor("padding_mask");
    LongBuffer v = stored.data().asLongBuffer();
    ByteBuffer b = ByteBuffer.allocate(v.remaining());
    for (int i = 0; i < b.capacity(); i++) {
      b.put(i, (byte) v.get(i));
    }
    return new HostTensor(DType.BOOL, stored.shape(), b);
  }

  int maxTargets() {
    return (int) inputs.shape("target_labels")[1];
  }

  /** Targets per image; the reference boxes are normalised, the image size is nominal. */
  List<ImageTargets> targets() {
    long[] shape = inputs.shape("target_labels");
    LongBuffer labels = inputs.tensor("target_labels").data().asLongBuffer();
    float[] boxes = inputs.tensor("target_boxes").toFloatArray();
    List<ImageTargets> out = new ArrayList<>();
    for (int b = 0; b < shape[0]; b++) {
      List<Integer> l = new ArrayList<>();
      List<double[]> bx = new ArrayList<>();
      for (int t = 0; t < shape[1]; t++) {
        int label = (int) labels.get((int) (b * shape[1] + t));
        if (label >= 0) {
          l.add(label);
          int o = (int) ((b * shape[1] + t) * 4);
          bx.add(new double[] {boxes[o], boxes[o + 1], boxes[o + 2], boxes[o + 3]});
        }
      }
      out.add(
          new ImageTargets(
              new ImageSize(48, 64),
              l.stream().mapToInt(Integer::intValue).toArray(),
              bx.toArray(double[][]::new)));
    }
    return out;
  }

  /**
   * Assignments {@code [layer][image]} from a fixture tensor {@code [L, B, T]} of matched queries.
   */
  List<List<Assignment>> assignments(SafetensorsFile file, String name) {
    long[] shape = file.shape(name);
    LongBuffer q = file.tensor(name).data().asLongBuffer();
    List<ImageTargets> targets = targets();
    List<List<Assignment>> out = new ArrayList<>();
    for (int l = 0; l < shape[0]; l++) {
      List<Assignment> layer = new ArrayList<>();
      for (int b = 0; b < shape[1]; b++) {
        List<Match> matches = new ArrayList<>();
        for (int t = 0; t < targets.get(b).count(); t++) {
          matches.add(new Match((int) q.get((int) ((l * shape[1] + b) * shape[2] + t)), t));
        }
        matches.sort(Comparator.comparingInt(Match::row));
        layer.add(new Assignment(matches, 0));
      }
      out.add(layer);
    }
    return out;
  }

  private static int integer(Map<String, String> m, String key) {
    return Integer.parseInt(m.get(key));
  }

  @Override
  public void close() {
    params.close();
    inputs.close();
    expected.close();
  }
}

package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.testing.Evaluate;
import io.visft.heads.HeadParameterMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The teacher-forced loss, its parts and its gradients (features and every head parameter) against
 * the PyTorch reference in {@code tools/fixtures/caption_head_fixture.py}: a tiny head with dropout
 * 0, 5×7 features pooled to 3×3 (uneven adaptive bins), captions of lengths 4, 6 and 3.
 */
class CaptionHeadParityTest {
  private static final Path FIXTURES = Path.of("src/test/resources/io/visft/heads/caption");
  private static final double RELATIVE = 1e-4;

  /**
   * Absolute floor for float32 rounding, needed by tensors whose exact gradient is zero: the
   * softmax over positions ignores a common shift, so {@code attention.full_att.bias} gets none.
   */
  private static final double ABSOLUTE_FLOOR = 1e-7;

  @Test
  void lossAndGradientsMatchPyTorch() {
    try (SafetensorsFile params =
            SafetensorsFile.open(FIXTURES.resolve("caption_head_params.safetensors"));
        SafetensorsFile in =
            SafetensorsFile.open(FIXTURES.resolve("caption_head_inputs.safetensors"));
        SafetensorsFile want =
            SafetensorsFile.open(FIXTURES.resolve("caption_head_expected.safetensors"))) {
      CaptionHeadConfig config = config(in.metadata());
      Map<String, HostTensor> values = new LinkedHashMap<>();
      params.names().forEach(n -> values.put(n, params.tensor(n)));
      CaptionHead head = CaptionHead.of(config, vocabulary(config.vocabSize()), values);

      Graph g = new Graph();
      Value features = g.input("features", DType.F32, in.shape("features"));
      Value tokens = g.input("tokens", DType.I64, in.shape("tokens"));
      Value lengths = g.input("lengths", DType.I64, in.shape("lengths"));
      CaptionTrainingGraph training =
          CaptionTrainingGraph.build(
              g, head, features, tokens, lengths, null, HeadParameterMode.TRAINABLE_INPUTS);
      List<Value> wrt = new ArrayList<>();
      wrt.add(features);
      wrt.addAll(training.parameterInputs().values());
      Map<Value, Value> grads = Autodiff.gradients(training.loss(), wrt);

      Map<String, Value> outputs = new LinkedHashMap<>();
      outputs.put("loss", training.loss());
      outputs.put("cross_entropy", training.metrics().get(CaptionTrainingGraph.CROSS_ENTROPY));
      outputs.put(
          "regulariser", training.metrics().get(CaptionTrainingGraph.ATTENTION_REGULARISER));
      outputs.put("token_accuracy", training.metrics().get(CaptionTrainingGraph.TOKEN_ACCURACY));
      outputs.put("grad.features", grads.get(features));
      training.parameterInputs().forEach((name, v) -> outputs.put("grad." + name, grads.get(v)));
      Map<String, HostTensor> feeds = new LinkedHashMap<>(head.parameters());
      feeds.put("features", in.tensor("features"));
      feeds.put("tokens", in.tensor("tokens"));
      feeds.put("lengths", in.tensor("lengths"));
      Map<String, HostTensor> got = Evaluate.run(g, outputs, feeds);

      assertEquals(4 + 1 + CaptionParameter.values().length, outputs.size());
      for (String name : outputs.keySet()) {
        float[] expected = want.tensor(name).toFloatArray();
        float[] actual = got.get(name).toFloatArray();
        double diff = Evaluate.maxAbsDiff(actual, expected);
        double tolerance = RELATIVE * Evaluate.maxAbs(expected) + ABSOLUTE_FLOOR;
        assertTrue(
            diff <= tolerance,
            name + ": max |diff| " + diff + " > " + tolerance + " (1e-4 relative)");
      }
      assertTrue(
          Evaluate.maxAbs(want.tensor("grad.features").toFloatArray()) > 1e-3,
          "the fixture's feature gradient should not be negligible");
    }
  }

  static CaptionHeadConfig config(Map<String, String> m) {
    return new CaptionHeadConfig(
        Integer.parseInt(m.get("feature_dim")),
        Integer.parseInt(m.get("attention_dim")),
        Integer.parseInt(m.get("embed_dim")),
        Integer.parseInt(m.get("hidden_dim")),
        Integer.parseInt(m.get("vocab_size")),
        Integer.parseInt(m.get("max_length")),
        Integer.parseInt(m.get("pooled_grid")),
        0,
        Double.parseDouble(m.get("alpha_c")));
  }

  /** The specials and {@code size - 4} made-up words. */
  static Vocabulary vocabulary(int size) {
    List<String> tokens = new ArrayList<>(Vocabulary.SPECIALS);
    for (int i = tokens.size(); i < size; i++) {
      tokens.add("w" + i);
    }
    return Vocabulary.of(CaptionTokenizer.ALPHANUMERIC_RUNS, 1, tokens);
  }
}

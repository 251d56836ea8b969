package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.visft.api.ConfigException;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.NumericException;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import io.visft.core.train.AdamW;
import io.visft.core.train.AdamWConfig;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingSession;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaWeightNames;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LoRA contract, PEFT-style: zero B is the base model, merge ≡ apply, unmerge ∘ merge ≈ id,
 * training changes the output.
 */
class LoraContractTest {
  private static final EvaConfig CFG = AdaptedBackboneParityTest.config("g_style");

  @TempDir Path dir;

  static Map<String, HostTensor> weights() {
    try (SafetensorsFile w =
        SafetensorsFile.open(AdaptedBackboneParityTest.FIXTURES.resolve("g_style.safetensors"))) {
      Map<String, HostTensor> m = new LinkedHashMap<>();
      w.names().forEach(n -> m.put(n, HostTensor.ofFloats(w.tensor(n).toFloatArray(), w.shape(n))));
      return m;
    }
  }

  static HostTensor pixels() {
    try (SafetensorsFile in =
        SafetensorsFile.open(
            AdaptedBackboneParityTest.FIXTURES.resolve("g_style_lora_input.safetensors"))) {
      return HostTensor.ofFloats(
          in.tensor("pixel_values").toFloatArray(), in.shape("pixel_values"));
    }
  }

  private static Map<String, long[]> linears() {
    return EvaWeightNames.linearModules(CFG);
  }

  @Test
  void freshAdapterGivesTheBaseOutputExactly() {
    Lora fresh = Lora.create("fresh", LoraConfig.visft().withRank(4), linears(), 7);
    float[] base =
        AdaptedBackbone.features(CFG, weights(), null, pixels(), RuntimeOptions.cpu())
            .toFloatArray();
    float[] adapted =
        AdaptedBackbone.features(CFG, weights(), fresh, pixels(), RuntimeOptions.cpu())
            .toFloatArray();
    assertArrayEquals(base, adapted);
  }

  @Test
  void mergedWeightsReproduceTheAdapterAndUnmergeRestoresThem() throws Exception {
    Lora lora;
    try (SafetensorsFile f =
        SafetensorsFile.open(
            AdaptedBackboneParityTest.FIXTURES.resolve("g_style_visft_lora.safetensors"))) {
      lora = io.visft.lora.format.VisftLoraFormat.read(f, "visft", 1.0);
    }
    Map<String, HostTensor> w = weights();
    Map<String, HostTensor> merged = LoraMerge.merged(w, lora);
    float[] applied =
        AdaptedBackbone.features(CFG, w, lora, pixels(), RuntimeOptions.cpu()).toFloatArray();
    float[] viaMerge =
        AdaptedBackbone.features(CFG, merged, null, pixels(), RuntimeOptions.cpu()).toFloatArray();
    assertTrue(Evaluate.maxAbsDiff(applied, viaMerge) <= 1e-5 * Evaluate.maxAbs(applied));
    Map<String, HostTensor> back = LoraMerge.unmerged(merged, lora);
    for (String k : w.keySet()) {
      assertTrue(
          Evaluate.maxAbsDiff(w.get(k).toFloatArray(), back.get(k).toFloatArray()) < 1e-6, k);
    }

    Path onnx = dir.resolve("adapted.onnx");
    HostTensor px = pixels();
    MergedExport.save(CFG, w, lora, (int) px.shape()[2], (int) px.shape()[3], onnx);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(env, px.floatView(), px.shape());
        OrtSession.Result r = s.run(Map.of("pixel_values", in))) {
      FloatBuffer out = ((OnnxTensor) r.get("features").orElseThrow()).getFloatBuffer();
      float[] got = new float[out.remaining()];
      out.get(got);
      assertTrue(
          Evaluate.maxAbsDiff(applied, got) <= 1e-5 * Evaluate.maxAbs(applied),
          "the standalone ONNX model");
      assertEquals("visft", s.getMetadata().getCustomMetadata().get("visft.adapter"));
    }
  }

  @Test
  void mergeRefusesNonFiniteAdaptersWithoutChangingAnything() {
    Lora lora = Lora.create("bad", LoraConfig.visft().withRank(2), linears(), 1);
    LoraSite site = lora.sites().values().iterator().next();
    lora.b(site)[3] = Float.NaN;
    Map<String, HostTensor> w = weights();
    NumericException e = assertThrows(NumericException.class, () -> LoraMerge.merged(w, lora));
    assertTrue(
        e.getMessage().contains(site.nameB()) && e.getMessage().contains("index 3"),
        e.getMessage());
  }

  @Test
  void targetsThatMatchNothingListCandidates() {
    LoraConfig cfg = LoraConfig.visft().withTargets(List.of(LoraTarget.suffix("attn.qkvv")));
    ConfigException e =
        assertThrows(ConfigException.class, () -> Lora.create("x", cfg, linears(), 1));
    assertTrue(e.getMessage().contains("blocks.0.attn.qkv"), e.getMessage());
  }

  /**
   * A few AdamW steps on LoRA alone reduce a loss and change the features; frozen weights
   * untouched.
   */
  @Test
  void trainingTheAdapterChangesTheOutput() {
    Lora lora = Lora.create("trained", LoraConfig.visft().withRank(4).withAlpha(4), linears(), 3);
    Map<String, HostTensor> w = weights();
    HostTensor px = pixels();
    float[] before =
        AdaptedBackbone.features(CFG, w, lora, px, RuntimeOptions.cpu()).toFloatArray();
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value pv = g.input("pixel_values", DType.F32, px.shape());
    LoraLinearLayer linear = new LoraLinearLayer(lora, null);
    Value f = EvaBackbone.build(g, CFG, w, pv, linear);
    Value loss = o.reduceMean(o.mul(f, f), false, 0, 1, 2, 3);
    Parameters p = lora.trainableParameters();
    AdamW opt = new AdamW(p, new AdamWConfig(0.9, 0.999, 1e-8, 0, java.util.Set.of()));
    double first;
    double last;
    float[] qkv0 = w.get("blocks.0.attn.qkv.weight").toFloatArray();
    try (TrainingSession s =
        TrainingSession.create(loss, linear.trainableInputs(), Map.of(), RuntimeOptions.cpu())) {
      first = s.step(p, Map.of("pixel_values", px));
      opt.step(s.gradients(), 0.01);
      for (int i = 0; i < 10; i++) {
        s.step(p, Map.of());
        opt.step(s.gradients(), 0.01);
      }
      last = s.step(p, Map.of());
    }
    assertTrue(last < first, "loss should fall: " + first + " -> " + last);
    float[] after = AdaptedBackbone.features(CFG, w, lora, px, RuntimeOptions.cpu()).toFloatArray();
    assertFalse(
        java.util.Arrays.equals(before, after), "a trained adapter must change the features");
    assertArrayEquals(
        qkv0, w.get("blocks.0.attn.qkv.weight").toFloatArray(), "frozen weights must not change");
  }
}

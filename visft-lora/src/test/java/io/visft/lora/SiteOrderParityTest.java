package io.visft.lora;

import static io.visft.lora.AdaptedBackboneParityTest.FIXTURES;
import static io.visft.lora.AdaptedBackboneParityTest.all;
import static io.visft.lora.AdaptedBackboneParityTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import io.visft.core.vit.EvaConfig;
import io.visft.lora.format.VisftLoraFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The order of a module's q and v sites changes only how the stacked update is laid out, not what
 * it computes: with the sites in V, Q order (the order a salted {@code Set.copyOf} gave in some
 * runs) the gradients of every adapter tensor still match PyTorch autograd and the Q, V order to
 * rounding.
 */
class SiteOrderParityTest {

  @ParameterizedTest
  @ValueSource(strings = {"g_style", "e_style"})
  void gradientsDoNotDependOnTheOrderOfQAndVSites(String style) throws Exception {
    EvaConfig cfg = AdaptedBackboneParityTest.config(style);
    try (SafetensorsFile w = SafetensorsFile.open(FIXTURES.resolve(style + ".safetensors"));
        SafetensorsFile loraFile =
            SafetensorsFile.open(FIXTURES.resolve(style + "_visft_lora.safetensors"));
        SafetensorsFile in =
            SafetensorsFile.open(FIXTURES.resolve(style + "_lora_input.safetensors"));
        SafetensorsFile ct =
            SafetensorsFile.open(FIXTURES.resolve(style + "_lora_cotangent.safetensors"));
        SafetensorsFile wantG =
            SafetensorsFile.open(FIXTURES.resolve(style + "_lora_grads.safetensors"))) {
      Lora qv = VisftLoraFormat.read(loraFile, "qv", 1.0);
      List<LoraSite> swapped = new ArrayList<>();
      List<LoraSite> sites = List.copyOf(qv.sites().values());
      for (int i = 0; i < sites.size(); i += 2) {
        assertEquals(
            sites.get(i).module(),
            sites.get(i + 1).module(),
            "the fixture adapts q and v of each qkv");
        swapped.add(sites.get(i + 1));
        swapped.add(sites.get(i));
      }
      Lora vq = Lora.empty("vq", qv.config(), swapped);
      vq.load(qv.tensors());
      assertEquals(QkvPart.V, vq.sites().values().iterator().next().part());

      Map<String, HostTensor> weights = all(w);
      Map<String, HostTensor> gqv =
          AdaptedBackbone.gradients(
              cfg,
              weights,
              qv,
              in.tensor("pixel_values"),
              ct.tensor("cotangent"),
              RuntimeOptions.cpu());
      Map<String, HostTensor> gvq =
          AdaptedBackbone.gradients(
              cfg,
              weights,
              vq,
              in.tensor("pixel_values"),
              ct.tensor("cotangent"),
              RuntimeOptions.cpu());
      Map<String, HostTensor> visft = VisftLoraFormat.write(vq, gvq, "visual.");
      for (String key : wantG.names()) {
        assertClose(
            style + " V,Q order " + key,
            wantG.tensor(key).toFloatArray(),
            visft.get(key).toFloatArray());
      }
      assertEquals(gqv.keySet(), gvq.keySet());
      for (String name : gqv.keySet()) {
        float[] a = gqv.get(name).toFloatArray();
        float[] b = gvq.get(name).toFloatArray();
        double diff = Evaluate.maxAbsDiff(a, b);
        assertTrue(
            diff <= 1e-6 * Math.max(Evaluate.maxAbs(a), 1e-6),
            name + ": Q,V and V,Q orders differ by " + diff);
      }
    }
  }
}

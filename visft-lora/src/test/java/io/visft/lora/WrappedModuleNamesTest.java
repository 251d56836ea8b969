package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaConfig;
import io.visft.lora.format.VisftLoraFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PEFT names an adapter's modules from the root of the model it wrapped, so an adapter trained on
 * an EVA-CLIP vision tower says {@code visual.blocks.0.attn.qkv}. Such an adapter must act exactly
 * as the same adapter under the backbone's own names; one made for another model must fail.
 */
class WrappedModuleNamesTest {
  private static final EvaConfig CFG = AdaptedBackboneParityTest.config("g_style");

  private static Map<String, HostTensor> weights() {
    return LoraContractTest.weights();
  }

  private static HostTensor pixels() {
    return LoraContractTest.pixels();
  }

  private static Lora trained() {
    try (SafetensorsFile f =
        SafetensorsFile.open(
            AdaptedBackboneParityTest.FIXTURES.resolve("g_style_visft_lora.safetensors"))) {
      return VisftLoraFormat.read(f, "visft", 1.0);
    }
  }

  /** The same adapter with every module renamed. */
  private static Lora renamed(Lora lora, java.util.function.UnaryOperator<String> rename) {
    List<LoraSite> sites = new ArrayList<>();
    Map<String, HostTensor> values = new LinkedHashMap<>();
    for (LoraSite s : lora.sites().values()) {
      LoraSite r = new LoraSite(rename.apply(s.module()), s.part(), s.in(), s.out(), s.rowOffset());
      sites.add(r);
      values.put(r.nameA(), HostTensor.ofFloats(lora.a(s).clone(), lora.rank(), s.in()));
      values.put(r.nameB(), HostTensor.ofFloats(lora.b(s).clone(), s.out(), lora.rank()));
    }
    Lora out = Lora.empty(lora.name(), lora.config(), sites);
    out.load(values);
    return out;
  }

  @Test
  void anAdapterOfAWrappedTowerActsAsTheSameAdapterUnderTheBackbonesNames() {
    Lora own = trained();
    Lora wrapped = renamed(own, m -> "visual." + m);
    float[] base =
        AdaptedBackbone.features(CFG, weights(), null, pixels(), RuntimeOptions.cpu())
            .toFloatArray();
    float[] expected =
        AdaptedBackbone.features(CFG, weights(), own, pixels(), RuntimeOptions.cpu())
            .toFloatArray();
    float[] got =
        AdaptedBackbone.features(CFG, weights(), wrapped, pixels(), RuntimeOptions.cpu())
            .toFloatArray();
    assertArrayEquals(expected, got);
    assertTrue(maxDiff(base, got) > 1e-4, "the adapter must change the features");

    Map<String, HostTensor> merged = LoraMerge.merged(weights(), own);
    Map<String, HostTensor> mergedWrapped = LoraMerge.merged(weights(), wrapped);
    assertEquals(merged.keySet(), mergedWrapped.keySet());
    merged.forEach(
        (k, v) -> assertArrayEquals(v.toFloatArray(), mergedWrapped.get(k).toFloatArray(), k));

    HostTensor cotangent =
        HostTensor.ofFloats(
            got,
            AdaptedBackbone.features(CFG, weights(), own, pixels(), RuntimeOptions.cpu()).shape());
    Map<String, HostTensor> grads =
        AdaptedBackbone.gradients(CFG, weights(), own, pixels(), cotangent, RuntimeOptions.cpu());
    Map<String, HostTensor> gradsWrapped =
        AdaptedBackbone.gradients(
            CFG, weights(), wrapped, pixels(), cotangent, RuntimeOptions.cpu());
    assertEquals(grads.size(), gradsWrapped.size());
    grads.forEach(
        (k, v) ->
            assertArrayEquals(v.toFloatArray(), gradsWrapped.get("visual." + k).toFloatArray(), k));
  }

  @Test
  void anAdapterForAnotherModelFailsNamingItsModules() {
    Lora other = renamed(trained(), m -> m.replace("blocks.", "encoder.layer."));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> AdaptedBackbone.features(CFG, weights(), other, pixels(), RuntimeOptions.cpu()));
    assertTrue(
        e.getMessage()
            .contains("targets modules the backbone does not have: [encoder.layer.0.attn.qkv"),
        e.getMessage());
    assertTrue(e.getMessage().contains("named like [blocks.0.attn.qkv"), e.getMessage());
    assertThrows(
        ConfigException.class,
        () ->
            AdaptedBackbone.gradients(
                CFG,
                weights(),
                other,
                pixels(),
                AdaptedBackbone.features(CFG, weights(), null, pixels(), RuntimeOptions.cpu()),
                RuntimeOptions.cpu()));
  }

  private static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}

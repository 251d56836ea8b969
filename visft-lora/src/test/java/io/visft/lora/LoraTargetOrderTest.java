package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sites (and with them the initial draws of A and the parameter order) come in Q, K, V order within
 * each module, whatever order the parts were given in: a target's parts must not iterate in an
 * order that changes between runs.
 */
class LoraTargetOrderTest {

  @Test
  void partsIterateInQkvOrderWhateverTheGivenOrder() {
    assertEquals(
        List.of(QkvPart.Q, QkvPart.V),
        List.copyOf(LoraTarget.qkv("attn.qkv", QkvPart.V, QkvPart.Q).parts()));
    LinkedHashSet<QkvPart> given = new LinkedHashSet<>(List.of(QkvPart.V, QkvPart.K, QkvPart.Q));
    assertEquals(
        List.of(QkvPart.Q, QkvPart.K, QkvPart.V),
        List.copyOf(new LoraTarget("attn.qkv", false, given).parts()));
  }

  @Test
  void sitesAndParametersFollowModuleThenQkvOrder() {
    Map<String, long[]> modules = new LinkedHashMap<>();
    modules.put("blocks.0.attn.qkv", new long[] {12, 4});
    modules.put("blocks.1.attn.qkv", new long[] {12, 4});
    LoraConfig config = LoraConfig.visft().withRank(2);
    Lora lora = Lora.create("order", config, modules, 3);
    List<String> expected =
        List.of(
            "blocks.0.attn.qkv.q",
            "blocks.0.attn.qkv.v",
            "blocks.1.attn.qkv.q",
            "blocks.1.attn.qkv.v");
    assertEquals(expected, List.copyOf(lora.sites().keySet()));
    assertEquals(
        expected.stream().flatMap(k -> List.of(k + ".lora_A", k + ".lora_B").stream()).toList(),
        List.copyOf(lora.trainableParameters().names()));
  }
}

package io.visft.core.io.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StateDictWrappersTest {

  @ParameterizedTest(name = "{0} -> ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "state_dict.visual.pos_embed;state_dict.visual.norm.weight | state_dict.",
        "model.blocks.0.w;model.norm.weight                       | model.",
        "module.blocks.0.w;module.norm.weight                     | module.",
        "model.module.blocks.0.w;model.module.norm.weight         | model.module.",
        "model.blocks.0.w;ema.blocks.0.w                          | ''",
        "visual.pos_embed;visual.norm.weight                      | ''",
        "state_dict.w;state_dict                                  | ''",
        "model.module                                             | model.",
        "models.w;models.v                                        | ''"
      })
  void stripsOnlyWrappersHoldingEveryTensor(String names, String expected) {
    List<String> tensorNames = Arrays.asList(names.split(";"));
    assertEquals(expected, StateDictWrappers.commonWrapperPrefix(tensorNames));
  }

  @Test
  void findsNoWrapperWithoutTensors() {
    assertEquals("", StateDictWrappers.commonWrapperPrefix(List.of()));
  }
}

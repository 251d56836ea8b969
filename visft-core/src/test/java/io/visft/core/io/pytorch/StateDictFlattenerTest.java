package io.visft.core.io.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.FileFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDictFlattenerTest {

  private static final Path FILE = Path.of("unit.pt");

  private static StoredTensor tensor(String key) {
    return new StoredTensor(new StorageRef(key, DType.F32, 1, "cpu"), 0, new long[0], new long[0]);
  }

  private static Map<Object, Object> dict(Object... keysAndValues) {
    Map<Object, Object> dict = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      dict.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return dict;
  }

  private static String failure(Object root) {
    return assertThrows(FileFormatException.class, () -> StateDictFlattener.flatten(FILE, root))
        .getMessage();
  }

  @Test
  void joinsNestedKeysWithDotsInPickleOrder() {
    Object root =
        dict(
            "state_dict",
                dict(
                    "visual",
                    dict("blocks", dict(0L, dict("w", tensor("a")))),
                    "pos_embed",
                    tensor("b")),
            "epoch", 3L,
            "ema", List.of(tensor("c"), "tag"),
            "args", dict("lr", 1e-5, "flags", List.of(true)),
            "heads", new PyTuple(List.of(dict(true, tensor("d")))));
    StateDictFlattener.Flattened flat = StateDictFlattener.flatten(FILE, root);
    assertEquals(
        List.of("state_dict.visual.blocks.0.w", "state_dict.pos_embed", "ema.0", "heads.0.True"),
        new ArrayList<>(flat.tensors().keySet()));
    assertEquals("c", flat.tensors().get("ema.0").storage().key());
    assertEquals(
        List.of("epoch", "ema.1", "args"), new ArrayList<>(flat.nonTensorEntries().keySet()));
    assertEquals("int 3", flat.nonTensorEntries().get("epoch"));
    assertEquals("str 'tag'", flat.nonTensorEntries().get("ema.1"));
    assertEquals(
        "dict of 2 entries",
        flat.nonTensorEntries().get("args"),
        "a container without tensors is one entry");
  }

  @Test
  void refusesWhatCannotBeNamed() {
    assertTrue(failure(List.of(tensor("a"))).contains("data.pkl holds a list; a state dict"));
    assertTrue(failure(tensor("a")).contains("data.pkl holds a tensor"));
    assertTrue(
        failure(dict("a.b", tensor("x"), "a", dict("b", tensor("y"))))
            .contains("two tensors flatten to the name 'a.b'"));
    assertTrue(
        failure(dict("a", dict(PyTuple.of(1L, 2L), tensor("x"))))
            .contains("a dict under 'a.' has a key of type tuple"));
  }

  @Test
  void refusesCyclesAndDeepNesting() {
    Map<Object, Object> cycle = dict("w", tensor("a"));
    cycle.put("self", cycle);
    assertTrue(failure(dict("root", cycle)).contains("nests deeper than 64 levels"));
    Object deep = tensor("a");
    for (int i = 0; i < StateDictFlattener.MAX_DEPTH + 1; i++) {
      deep = dict("n", deep);
    }
    assertTrue(failure(deep).contains("nests deeper than 64 levels"));
  }

  @Test
  void refusesMemoSharedContainersThatMultiplyBeyondTheVisitBudget() {
    Object tensors = List.of(tensor("a"));
    Object strings = List.of("leaf");
    for (int i = 0; i < 40; i++) {
      tensors = List.of(tensors, tensors);
      strings = List.of(strings, strings);
    }
    StateDictFlattener.Flattened flat =
        StateDictFlattener.flatten(FILE, dict("w", tensor("b"), "strings", strings), 10);
    assertEquals(
        Map.of("strings", "list of 2 items"),
        flat.nonTensorEntries(),
        "2^40 shared leaves cost one entry");
    Object root = dict("bomb", tensors);
    String message =
        assertThrows(FileFormatException.class, () -> StateDictFlattener.flatten(FILE, root, 1000))
            .getMessage();
    assertTrue(message.contains("names more than 1000 values"), message);
  }
}

package io.visft.core.io.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PyTorchZipReaderTest {

  private static final JsonNode EXPECTED = PyTorchFixtures.expected();

  private static long[] longs(JsonNode array) {
    long[] values = new long[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asLong();
    }
    return values;
  }

  /** The raw element bits of a tensor, as the fixture records them (unsigned for floats). */
  private static long[] rawBits(HostTensor tensor) {
    ByteBuffer data = tensor.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long[] bits = new long[(int) tensor.numel()];
    for (int i = 0; i < bits.length; i++) {
      bits[i] =
          switch (tensor.dtype()) {
            case F16, BF16 -> Short.toUnsignedLong(data.getShort());
            case F32 -> Integer.toUnsignedLong(data.getInt());
            case I32 -> data.getInt();
            case I64 -> data.getLong();
            default -> throw new AssertionError("no fixture of dtype " + tensor.dtype());
          };
    }
    return bits;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dtypes.pt",
        "module_state_dict.pth",
        "nested_checkpoint.pt",
        "views.pt",
        "protocol4.pt",
        "torch2_style.pt",
        "zip64.pth",
        "deflated.pth"
      })
  void readsEveryTensorBitForBitAsPyTorchSavedIt(String fixture) {
    JsonNode expected = EXPECTED.get(fixture);
    try (PyTorchZipReader reader = PyTorchZipReader.open(PyTorchFixtures.path(fixture))) {
      List<String> names = new ArrayList<>();
      expected.fieldNames().forEachRemaining(names::add);
      assertEquals(names, new ArrayList<>(reader.names()), "tensor names in file order");
      for (String name : names) {
        JsonNode want = expected.get(name);
        DType dtype = DType.fromSafetensorsName(want.get("dtype").asText());
        assertEquals(dtype, reader.dtype(name), name);
        assertArrayEquals(longs(want.get("shape")), reader.shape(name), name);
        HostTensor tensor = reader.tensor(name);
        assertEquals(dtype, tensor.dtype(), name);
        assertArrayEquals(longs(want.get("shape")), tensor.shape(), name);
        assertArrayEquals(longs(want.get("bits")), rawBits(tensor), name);
        assertEquals(
            want.get("contiguous").asBoolean(),
            tensor.data().isDirect(),
            name + ": contiguous tensors share the file mapping, others are gathered on the heap");
        if (want.has("f32_bits")) {
          HostTensor widened = reader.tensorF32(name);
          assertEquals(DType.F32, widened.dtype());
          assertArrayEquals(longs(want.get("shape")), widened.shape(), name);
          assertArrayEquals(
              longs(want.get("f32_bits")),
              rawBits(widened),
              name + " widened like torch's .float()");
        }
      }
    }
  }

  @Test
  void listsNonTensorEntriesAndStripsTheStateDictWrapper() {
    Map<String, String> nonTensors = new LinkedHashMap<>();
    nonTensors.put("epoch", "int 3");
    nonTensors.put("optimizer", "str 'adamw'");
    nonTensors.put("history", "list of 2 items");
    nonTensors.put("args", "dict of 3 entries");
    try (PyTorchZipReader full =
            PyTorchZipReader.open(PyTorchFixtures.path("nested_checkpoint.pt"));
        PyTorchZipReader unwrapped =
            PyTorchZipReader.openUnwrapped(PyTorchFixtures.path("nested_checkpoint.pt"))) {
      assertEquals(nonTensors, full.nonTensorEntries());
      assertEquals(List.copyOf(nonTensors.keySet()), List.copyOf(full.nonTensorEntries().keySet()));
      assertEquals("", full.strippedPrefix());
      assertEquals("state_dict.", unwrapped.strippedPrefix());
      assertEquals(
          nonTensors, unwrapped.nonTensorEntries(), "non-tensor entries keep their full names");
      List<String> expected =
          full.names().stream().map(n -> n.substring("state_dict.".length())).toList();
      assertEquals(expected, List.copyOf(unwrapped.names()));
      assertTrue(unwrapped.names().contains("visual.blocks.0.attn.qkv.weight"));
      assertEquals(
          full.tensor("state_dict.visual.pos_embed"), unwrapped.tensor("visual.pos_embed"));
    }
  }

  @Test
  void leavesUnwrappedStateDictsAsTheyAre() {
    try (PyTorchZipReader reader =
        PyTorchZipReader.openUnwrapped(PyTorchFixtures.path("module_state_dict.pth"))) {
      assertEquals("", reader.strippedPrefix());
      assertTrue(reader.names().contains("blocks.1.attn.q_bias"));
      assertEquals(
          Map.of(),
          reader.nonTensorEntries(),
          "the OrderedDict's _metadata attribute is not an entry");
    }
  }

  @Test
  void describesEveryKindOfNonTensorValue() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("negative", "int -300");
    expected.put("big", "int 1180591620717411303424");
    expected.put("ratio", "float 0.5");
    expected.put("flag", "bool False");
    expected.put("label", "str '" + "x".repeat(60) + "...' (300 chars)");
    expected.put("sizes", "tuple of 2 items");
    expected.put("nothing", "None");
    expected.put("dtype", "torch.bfloat16");
    try (PyTorchZipReader reader = PyTorchZipReader.open(PyTorchFixtures.path("protocol4.pt"))) {
      assertEquals(expected, reader.nonTensorEntries());
      assertEquals(List.copyOf(expected.keySet()), List.copyOf(reader.nonTensorEntries().keySet()));
    }
  }

  @Test
  void viewsOfOneStorageShareItsRecord() {
    try (PyTorchZipReader reader = PyTorchZipReader.open(PyTorchFixtures.path("views.pt"))) {
      String base = reader.storageKey("base");
      for (String view : List.of("transposed", "row", "column", "every_other")) {
        assertEquals(base, reader.storageKey(view), view + " is saved as a view of base's storage");
      }
      assertNotEquals(base, reader.storageKey("expanded"));
      assertArrayEquals(new long[0], reader.shape("scalar"));
      assertArrayEquals(new float[] {2.5f}, reader.tensor("scalar").toFloatArray());
      float[] all = reader.tensor("base").toFloatArray();
      float[] row = reader.tensor("row").toFloatArray();
      assertArrayEquals(Arrays.copyOfRange(all, 4, 8), row, "row 1 is elements 4..7 of base");
    }
  }

  @Test
  void returnsF32WithoutCopyAndRefusesToWidenIntegers() {
    try (PyTorchZipReader reader = PyTorchZipReader.open(PyTorchFixtures.path("dtypes.pt"))) {
      assertTrue(reader.tensorF32("f32").data().isDirect(), "F32 is returned from the mapping");
      String message =
          assertThrows(IllegalArgumentException.class, () -> reader.tensorF32("i64")).getMessage();
      assertTrue(
          message.contains(
              "tensor 'i64' in " + reader.path() + " is I64; tensorF32 widens only F16 and BF16"),
          message);
      assertEquals(0, reader.tensor("empty").data().remaining());
    }
  }

  @Test
  void namesTheFileAndTheCandidatesForAnUnknownTensor() {
    try (PyTorchZipReader reader =
        PyTorchZipReader.openUnwrapped(PyTorchFixtures.path("nested_checkpoint.pt"))) {
      String message =
          assertThrows(IllegalArgumentException.class, () -> reader.tensor("pos_embed"))
              .getMessage();
      assertTrue(
          message.startsWith(
              "no tensor named 'pos_embed' in "
                  + reader.path()
                  + " (it has 6 tensors, such as [visual."),
          message);
      assertTrue(message.endsWith("the prefix 'state_dict.' was stripped)"), message);
    }
  }

  @Test
  void refusesUseAfterClose() {
    PyTorchZipReader reader = PyTorchZipReader.open(PyTorchFixtures.path("dtypes.pt"));
    reader.close();
    reader.close();
    String message =
        assertThrows(IllegalStateException.class, () -> reader.tensor("f32")).getMessage();
    assertEquals("PyTorch checkpoint " + reader.path() + " is closed", message);
  }
}

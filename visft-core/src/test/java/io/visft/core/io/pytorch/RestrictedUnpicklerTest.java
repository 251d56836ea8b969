package io.visft.core.io.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.FileFormatException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestrictedUnpicklerTest {

  private static final Path FILE = Path.of("unit.pt");

  private static Object load(byte[] pickle) {
    return RestrictedUnpickler.load(FILE, pickle);
  }

  private static String failure(byte[] pickle) {
    String message = assertThrows(FileFormatException.class, () -> load(pickle)).getMessage();
    assertTrue(message.startsWith("PyTorch checkpoint unit.pt: "), message);
    return message;
  }

  @Test
  void decodesIntegersOfEveryWidth() {
    byte[] pickle =
        PickleBuilder.protocol(2)
            .op('(')
            .integer(7)
            .integer(40000)
            .integer(-300)
            .op(0x8a)
            .u8(2)
            .le(0xfed4, 2) // LONG1 -300
            .op(0x8a)
            .u8(0) // LONG1 0
            .op(0x8a)
            .u8(9)
            .le(0, 8)
            .u8(1) // LONG1 2^64
            .op(0x8b)
            .le(1, 4)
            .u8(0x80) // LONG4 -128
            .op('t')
            .stop();
    PyTuple tuple = (PyTuple) load(pickle);
    assertEquals(
        List.of(7L, 40000L, -300L, -300L, 0L, BigInteger.ONE.shiftLeft(64), -128L), tuple.items());
  }

  @Test
  void decodesScalarsStringsAndBytes() {
    byte[] pickle =
        PickleBuilder.protocol(4)
            .op(0x95)
            .le(64, 8)
            .op('(')
            .binFloat(-0.15625)
            .op(0x88)
            .op(0x89)
            .op('N')
            .str("grüße")
            .shortStr("σ")
            .op(0x8d)
            .le(3, 8)
            .raw("abc".getBytes(StandardCharsets.UTF_8)) // BINUNICODE8
            .op('U')
            .u8(2)
            .raw("py".getBytes(StandardCharsets.UTF_8)) // SHORT_BINSTRING
            .op('C')
            .u8(3)
            .raw(new byte[] {1, 2, 3}) // SHORT_BINBYTES
            .op('B')
            .le(1, 4)
            .raw(new byte[] {9}) // BINBYTES
            .op('t')
            .stop();
    List<Object> items = ((PyTuple) load(pickle)).items();
    assertEquals(
        Arrays.asList(-0.15625, true, false, null, "grüße", "σ", "abc", "py"), items.subList(0, 8));
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) items.get(8));
    assertArrayEquals(new byte[] {9}, (byte[]) items.get(9));
  }

  @Test
  void buildsContainersAndResolvesTheMemo() {
    byte[] pickle =
        PickleBuilder.protocol(4)
            .op('}')
            .op(0x94) // memo 0: the dict
            .str("list")
            .op(']')
            .op('q')
            .u8(7) // BINPUT 7
            .op('(')
            .integer(1)
            .integer(2)
            .op('e') // APPENDS
            .integer(3)
            .op('a') // APPEND
            .op('s') // SETITEM
            .op('(')
            .str("pair")
            .integer(5)
            .op('h')
            .u8(7)
            .op(0x86) // (5, <list>)
            .str("set")
            .op(0x8f)
            .op('(')
            .integer(4)
            .integer(4)
            .op(0x90)
            .str("frozen")
            .op('(')
            .str("a")
            .op(0x91)
            .str("same_list")
            .op('j')
            .le(7, 4) // LONG_BINGET 7
            .str("dup")
            .integer(8)
            .op('2')
            .op(0x86) // DUP: (8, 8)
            .op('u')
            .op('(')
            .integer(99)
            .op('1') // POP_MARK discards 99
            .integer(42)
            .op('0') // POP discards 42
            .stop();
    @SuppressWarnings("unchecked")
    Map<Object, Object> dict = (Map<Object, Object>) load(pickle);
    List<Object> list = new ArrayList<>(List.of(1L, 2L, 3L));
    assertEquals(list, dict.get("list"));
    assertEquals(PyTuple.of(5L, list), dict.get("pair"));
    assertEquals(new LinkedHashSet<>(List.of(4L)), dict.get("set"));
    assertEquals(Set.of("a"), dict.get("frozen"));
    assertTrue(
        dict.get("same_list") == dict.get("list"), "BINGET returns the memoised object itself");
    assertEquals(PyTuple.of(8L, 8L), dict.get("dup"));
    assertEquals(
        List.of("list", "pair", "set", "frozen", "same_list", "dup"),
        new ArrayList<>(dict.keySet()));
  }

  @Test
  void rebuildsTensorsParametersAndTypedTensors() {
    PickleBuilder b = PickleBuilder.protocol(2).op('}').op('(');
    b.str("plain")
        .global("torch._utils", "_rebuild_tensor_v2")
        .op('(')
        .storage("HalfStorage", "0", 6)
        .integer(1)
        .intTuple(2, 2)
        .intTuple(1, 2)
        .op(0x89)
        .global("collections", "OrderedDict")
        .op(')')
        .op('R')
        .op('t')
        .op('R');
    b.str("param")
        .global("torch._utils", "_rebuild_parameter")
        .op('(')
        .global("torch._utils", "_rebuild_tensor_v2")
        .op('(')
        .storage("BFloat16Storage", "1", 3)
        .integer(0)
        .intTuple(3)
        .intTuple(1)
        .op(0x88)
        .op('N')
        .global("torch", "float32")
        .op('t')
        .op('R') // seventh argument: metadata
        .op(0x88)
        .op('}')
        .op('t')
        .op('R');
    b.str("typed")
        .global("torch._tensor", "_rebuild_from_type_v2")
        .op('(')
        .global("torch._utils", "_rebuild_tensor_v2")
        .global("torch.nn.parameter", "Parameter")
        .op('(')
        .storage("LongStorage", "2", 1)
        .integer(0)
        .op(')')
        .op(')')
        .op(0x89)
        .op('N')
        .op('t')
        .op('}')
        .op('t')
        .op('R');
    b.op('u');
    @SuppressWarnings("unchecked")
    Map<String, Object> dict = (Map<String, Object>) load(b.stop());
    assertEquals(
        new StoredTensor(
            new StorageRef("0", DType.F16, 6, "cpu"), 1, new long[] {2, 2}, new long[] {1, 2}),
        dict.get("plain"));
    assertEquals(
        new StoredTensor(
            new StorageRef("1", DType.BF16, 3, "cpu"), 0, new long[] {3}, new long[] {1}),
        dict.get("param"));
    assertEquals(
        new StoredTensor(new StorageRef("2", DType.I64, 1, "cpu"), 0, new long[0], new long[0]),
        dict.get("typed"));
  }

  @Test
  void ignoresDictAttributesSetWithBuild() {
    byte[] pickle =
        PickleBuilder.protocol(2)
            .global("collections", "OrderedDict")
            .op(')')
            .op('R')
            .str("k")
            .integer(1)
            .op('s')
            .op('}')
            .str("_metadata")
            .op('}')
            .op('s')
            .op('b')
            .stop();
    assertEquals(Map.of("k", 1L), load(pickle));
  }

  @ParameterizedTest
  @CsvSource({
    "os, system",
    "posix, system",
    "builtins, eval",
    "__builtin__, getattr",
    "subprocess, Popen",
    "torch.storage, _load_from_bytes",
    "torch, load",
    "numpy.core.multiarray, _reconstruct"
  })
  void refusesEveryGlobalOffTheAllowList(String module, String name) {
    byte[] viaGlobal =
        PickleBuilder.protocol(2).global(module, name).str("x").op(0x85).op('R').stop();
    String message = failure(viaGlobal);
    assertTrue(
        message.contains(
            "refused to load Python global '" + module + "." + name + "' named at pickle byte 2"),
        message);
    assertTrue(message.contains("Nothing from the file was executed"), message);
    byte[] viaStackGlobal =
        PickleBuilder.protocol(4).shortStr(module).shortStr(name).op(0x93).stop();
    assertTrue(
        failure(viaStackGlobal)
            .contains("refused to load Python global '" + module + "." + name + "'"));
  }

  @Test
  void explainsUnsupportedStorageTypes() {
    byte[] pickle = PickleBuilder.protocol(2).global("torch", "ComplexFloatStorage").stop();
    assertTrue(failure(pickle).contains("stores a tensor in a torch.ComplexFloatStorage"));
  }

  @ParameterizedTest
  @CsvSource({
    "129, 0x81", // NEWOBJ
    "105, 0x69 ('i')", // INST
    "111, 0x6f ('o')", // OBJ
    "130, 0x82", // EXT1
    "73, 0x49 ('I')"
  }) // INT (protocol 0)
  void refusesOpcodesATensorStateDictDoesNotNeed(int opcode, String shown) {
    byte[] pickle = PickleBuilder.protocol(2).op(opcode).stop();
    assertTrue(failure(pickle).contains("uses opcode " + shown + " at byte 2"));
  }

  @Test
  void reportsMalformedStreams() {
    assertTrue(
        failure(new byte[] {(byte) 0x80, 2, 'N'}).contains("ends at byte 3 without a STOP opcode"));
    assertTrue(failure(PickleBuilder.protocol(6).op('N').stop()).contains("protocol 6"));
    assertTrue(
        failure(PickleBuilder.protocol(2).op('t').stop())
            .contains("needs a MARK and none is open"));
    assertTrue(
        failure(PickleBuilder.protocol(2).op('(').op('0').stop())
            .contains("stack is empty above the open MARK"));
    assertTrue(
        failure(PickleBuilder.protocol(2).op('h').u8(3).stop())
            .contains("memo slot 3 at byte 2 before storing it"));
    assertTrue(
        failure(PickleBuilder.protocol(2).op('X').le(100, 4).raw(new byte[] {1}).stop())
            .contains("truncated: a field at byte 7 needs 100 bytes, only 2 remain"));
    assertTrue(
        failure(PickleBuilder.protocol(2).op('X').le(1, 4).u8(0xff).stop())
            .contains("not valid UTF-8"));
  }

  @Test
  void refusesMisusedGlobalsAndArguments() {
    assertTrue(
        failure(PickleBuilder.protocol(2).global("torch", "FloatStorage").op(')').op('R').stop())
            .contains("calls torch.FloatStorage, which is not a function"));
    assertTrue(
        failure(PickleBuilder.protocol(2).str("f").op(')').op('R').stop())
            .contains("REDUCE at byte 9 applies a str to a tuple"));
    assertTrue(
        failure(
                PickleBuilder.protocol(2)
                    .global("torch._utils", "_rebuild_tensor_v2")
                    .op(')')
                    .op('R')
                    .stop())
            .contains("takes 6 or 7 arguments"));
    assertTrue(
        failure(PickleBuilder.protocol(2).op('(').str("storage").str("x").op('t').op('Q').stop())
            .contains("is not a ('storage', torch.<Type>Storage, key, location, numel) tuple"));
    assertTrue(
        failure(PickleBuilder.protocol(2).op(']').op('}').op('b').stop())
            .contains("BUILD at byte 4 sets the state of a list"));
    byte[] negativeSize =
        PickleBuilder.protocol(2)
            .global("torch._utils", "_rebuild_tensor_v2")
            .op('(')
            .storage("FloatStorage", "0", 4)
            .integer(0)
            .op('(')
            .integer(-2)
            .op('t')
            .intTuple(1)
            .op(0x89)
            .op('N')
            .op('t')
            .op('R')
            .stop();
    assertTrue(failure(negativeSize).contains("the tensor size has a negative entry -2"));
  }

  @Test
  void returnsTheValueUnderStop() {
    assertNull(load(PickleBuilder.protocol(2).op('N').stop()));
  }
}

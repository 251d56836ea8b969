package io.visft.core.io.pytorch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pickles built to overflow the stack, loop or multiply through the memo: each fails with a
 * message.
 */
class HostilePickleTest {

  private static final Path FILE = Path.of("hostile.pt");
  private static final int DEEP = 100_000;

  private static String failure(byte[] pickle) {
    String message =
        assertThrows(FileFormatException.class, () -> RestrictedUnpickler.load(FILE, pickle))
            .getMessage();
    assertTrue(message.startsWith("PyTorch checkpoint hostile.pt: "), message);
    return message;
  }

  @Test
  void refusesATupleNested100000DeepAsADictKey() {
    PickleBuilder b = PickleBuilder.protocol(2).op('}').str("x");
    for (int i = 0; i < DEEP; i++) {
      b.op(0x85); // TUPLE1
    }
    String message = failure(b.integer(1).op('s').stop());
    assertTrue(
        message.contains(
            "SETITEM(S) at byte "
                + (DEEP + 11)
                + " uses a key nesting tuples deeper than "
                + PickleKeys.MAX_DEPTH
                + " levels"),
        message);
  }

  @Test
  void refusesAListNested100000DeepAsASetMemberAsPythonDoes() {
    PickleBuilder b = PickleBuilder.protocol(2).op(0x8f).op('(').op(']');
    for (int i = 0; i < DEEP; i++) {
      b.op(']').op('a'); // the list on top is appended into the one below
    }
    String message = failure(b.op(0x90).stop());
    assertTrue(
        message.contains(
            "ADDITEMS at byte "
                + (2 * DEEP + 5)
                + " uses a list as a dict key or set member; "
                + "Python refuses that (unhashable type: 'list')"),
        message);
  }

  @Test
  void refusesASelfContainingListAsADictKey() {
    byte[] pickle =
        PickleBuilder.protocol(4)
            .op('}')
            .op(']')
            .op(0x94)
            .op('h')
            .u8(0)
            .op('a')
            .integer(1)
            .op('s')
            .stop();
    assertTrue(failure(pickle).contains("uses a list as a dict key or set member"));
  }

  @Test
  void refusesAListInsideATupleKeyOfAnOrderedDict() {
    byte[] pickle =
        PickleBuilder.protocol(2)
            .global("collections", "OrderedDict")
            .op('(')
            .op(']')
            .op(']')
            .op(0x85)
            .integer(1)
            .op(0x86)
            .op('a') // [(([],), 1)]
            .op('t')
            .op('R')
            .stop();
    assertTrue(
        failure(pickle)
            .contains("a key of collections.OrderedDict uses a list inside a tuple as a dict key"));
  }

  @Test
  void refusesATupleDoubled40TimesThroughDupAsADictKey() {
    PickleBuilder b = PickleBuilder.protocol(2).op('}').str("x");
    for (int i = 0; i < 40; i++) {
      b.op('2').op(0x86); // t = (t, t)
    }
    String message = failure(b.integer(1).op('s').stop());
    assertTrue(
        message.contains("holding more than " + PickleKeys.MAX_ITEMS + " items in all"), message);
  }

  @Test
  void refusesAPickleThatPushesMoreValuesThanAStateDictNeeds() {
    PickleBuilder b = PickleBuilder.protocol(2).op('N');
    for (int i = 0; i < RestrictedUnpickler.MAX_VALUES; i++) {
      b.op('2'); // DUP
    }
    assertTrue(
        failure(b.stop())
            .contains("the pickle pushes more than " + RestrictedUnpickler.MAX_VALUES + " values"));
  }

  @Test
  void aRefusedGlobalWithAHugeNameIsNamedInShort() {
    String module = "os" + ".x".repeat(50_000);
    String message =
        failure(PickleBuilder.protocol(4).str(module).shortStr("system").op(0x93).stop());
    assertTrue(message.contains("refused to load Python global 'os.x.x"), message);
    assertTrue(message.contains("... (100009 chars)' named at pickle byte"), message);
    assertTrue(message.contains("Nothing from the file was executed"), message);
    assertTrue(message.length() < 2_500, message.length() + " chars");
  }
}

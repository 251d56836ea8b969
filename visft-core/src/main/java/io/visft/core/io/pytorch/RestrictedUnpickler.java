package io.visft.core.io.pytorch;

import static io.visft.core.io.pytorch.TorchSaveErrors.malformed;

import io.visft.core.io.Capped;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle interpreter that decodes data only. It understands the opcodes of protocols 2 to 5 that
 * {@code torch.save} and plain containers use, resolves GLOBAL and STACK_GLOBAL against {@link
 * AllowedGlobal} (refusing anything else at the opcode that names it) and never loads a class,
 * imports a module or calls a function: REDUCE of an allowed global is interpreted by {@link
 * TorchReconstruction}.
 *
 * <p>Decoded values: None is {@code null}, bool {@link Boolean}, int {@link Long} (or {@link
 * java.math.BigInteger} beyond 64 bits), float {@link Double}, str {@link String}, bytes {@code
 * byte[]}, tuple {@link PyTuple}, list {@link ArrayList}, dict and OrderedDict {@link
 * LinkedHashMap}, set {@link LinkedHashSet}. Not thread-safe; use one instance per load.
 */
final class RestrictedUnpickler {

  private static final int MAX_PROTOCOL = 5;

  /**
   * Values pushed beyond this are refused. Each push costs the pickle a byte or more, but DUP and
   * the memo push shared values, so without a bound a pickle of a few megabytes could hold
   * gigabytes of references; a state dict needs tens of values per tensor.
   */
  static final int MAX_VALUES = 1 << 23;

  private final Path file;
  private final PickleInput in;
  private final TorchReconstruction torch;
  private final List<Object> stack = new ArrayList<>();
  private final Deque<Integer> marks = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();
  private int pushed;

  private RestrictedUnpickler(Path file, byte[] pickle) {
    this.file = file;
    this.in = new PickleInput(file, pickle);
    this.torch = new TorchReconstruction(file);
  }

  /**
   * Decodes a pickle.
   *
   * @param file the checkpoint the pickle came from, for error messages
   * @return the pickled object
   * @throws io.visft.api.FileFormatException if the pickle names a global off the allow-list, uses
   *     an unsupported opcode or is malformed
   */
  static Object load(Path file, byte[] pickle) {
    return new RestrictedUnpickler(file, pickle).run();
  }

  private Object run() {
    while (true) {
      if (in.atEnd()) {
        throw malformed(
            file,
            "the pickle ends at byte " + in.position() + " without a STOP opcode: it is truncated");
      }
      int at = in.position();
      int opcode = in.u8();
      switch (opcode) {
        case 0x80 -> protocol(in.u8()); // PROTO
        case 0x95 -> in.u64(); // FRAME: a read-ahead hint
        case '.' -> { // STOP
          return pop(at);
        }
        case '(' -> marks.push(stack.size()); // MARK
        case '0' -> pop(at); // POP
        case '1' -> popMark(at); // POP_MARK
        case '2' -> push(peek(at)); // DUP
        case 'N' -> push(null); // NONE
        case 0x88 -> push(Boolean.TRUE); // NEWTRUE
        case 0x89 -> push(Boolean.FALSE); // NEWFALSE
        case 'J' -> push((long) in.i32()); // BININT
        case 'K' -> push((long) in.u8()); // BININT1
        case 'M' -> push((long) in.u16()); // BININT2
        case 0x8a -> push(in.signedInteger(in.u8())); // LONG1
        case 0x8b -> push(in.signedInteger(in.i32())); // LONG4
        case 'G' -> push(in.bigEndianDouble()); // BINFLOAT
        case 'X' -> push(in.utf8(in.u32())); // BINUNICODE
        case 0x8c -> push(in.utf8(in.u8())); // SHORT_BINUNICODE
        case 0x8d -> push(in.utf8(in.u64())); // BINUNICODE8
        case 'T' -> push(in.utf8(in.i32())); // BINSTRING (Python 2 str)
        case 'U' -> push(in.utf8(in.u8())); // SHORT_BINSTRING
        case 'B' -> push(in.bytes(in.u32())); // BINBYTES
        case 'C' -> push(in.bytes(in.u8())); // SHORT_BINBYTES
        case 0x8e -> push(in.bytes(in.u64())); // BINBYTES8
        case ')' -> push(new PyTuple(List.of())); // EMPTY_TUPLE
        case 't' -> push(new PyTuple(popMark(at))); // TUPLE
        case 0x85 -> push(tupleOfTop(1, at)); // TUPLE1
        case 0x86 -> push(tupleOfTop(2, at)); // TUPLE2
        case 0x87 -> push(tupleOfTop(3, at)); // TUPLE3
        case ']' -> push(new ArrayList<>()); // EMPTY_LIST
        case 'a' -> appendAll(Arrays.asList(pop(at)), at); // APPEND
        case 'e' -> appendAll(popMark(at), at); // APPENDS
        case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
        case 's' -> setItems(popPair(at), at); // SETITEM
        case 'u' -> setItems(popMark(at), at); // SETITEMS
        case 0x8f -> push(new LinkedHashSet<>()); // EMPTY_SET
        case 0x90 -> addItems(popMark(at), at); // ADDITEMS
        case 0x91 -> push(frozenSet(popMark(at), at)); // FROZENSET
        case 'q' -> memo.put((long) in.u8(), peek(at)); // BINPUT
        case 'r' -> memo.put(in.u32(), peek(at)); // LONG_BINPUT
        case 0x94 -> memo.put((long) memo.size(), peek(at)); // MEMOIZE
        case 'h' -> push(memoGet(in.u8(), at)); // BINGET
        case 'j' -> push(memoGet(in.u32(), at)); // LONG_BINGET
        case 'c' -> push(resolve(in.line(), in.line(), at)); // GLOBAL
        case 0x93 -> stackGlobal(at); // STACK_GLOBAL
        case 'R' -> reduce(at); // REDUCE
        case 'b' -> build(at); // BUILD
        case 'Q' -> push(torch.persistentLoad(pop(at))); // BINPERSID
        default ->
            throw malformed(
                file,
                "the pickle uses opcode "
                    + opcodeName(opcode)
                    + " at byte "
                    + at
                    + ", which a tensor state dict written by torch.save does not need; it is refused");
      }
    }
  }

  private void protocol(int version) {
    if (version > MAX_PROTOCOL) {
      throw malformed(
          file,
          "the pickle uses protocol "
              + version
              + "; protocols up to "
              + MAX_PROTOCOL
              + " are understood");
    }
  }

  private AllowedGlobal resolve(String module, String name, int at) {
    return AllowedGlobal.lookup(module, name)
        .orElseThrow(
            () -> {
              String qualified = Capped.value(module + "." + name);
              if (module.equals("torch") && name.endsWith("Storage")) {
                return malformed(
                    file,
                    "the pickle stores a tensor in a "
                        + qualified
                        + " (byte "
                        + at
                        + "); only "
                        + "float32, float16, bfloat16, float64, int64, int32, int8, uint8 and bool tensors are read: "
                        + "convert that tensor before saving");
              }
              return malformed(
                  file,
                  "refused to load Python global '"
                      + qualified
                      + "' named at pickle byte "
                      + at
                      + ": a checkpoint may name only the globals that torch.save uses for tensors and containers ("
                      + AllowedGlobal.listing()
                      + "). Nothing from the file was executed. The file may be malicious; "
                      + "if you trust it, load it in Python with torch.load and re-save just its state dict");
            });
  }

  private void stackGlobal(int at) {
    Object name = pop(at);
    Object module = pop(at);
    if (!(module instanceof String m) || !(name instanceof String n)) {
      throw malformed(
          file,
          "STACK_GLOBAL at byte "
              + at
              + " needs a module and a name as strings, the stack has "
              + PythonValues.typeName(module)
              + " and "
              + PythonValues.typeName(name));
    }
    push(resolve(m, n, at));
  }

  private void reduce(int at) {
    Object args = pop(at);
    Object callable = pop(at);
    if (!(callable instanceof AllowedGlobal global) || !(args instanceof PyTuple tuple)) {
      throw malformed(
          file,
          "REDUCE at byte "
              + at
              + " applies a "
              + PythonValues.typeName(callable)
              + " to a "
              + PythonValues.typeName(args)
              + "; only an allowed global applied to a tuple is understood");
    }
    push(torch.call(global, tuple));
  }

  /** BUILD sets Python attributes (an OrderedDict's {@code _metadata}); a state dict needs none. */
  private void build(int at) {
    pop(at);
    Object target = peek(at);
    if (!(target instanceof Map || target instanceof StoredTensor)) {
      throw malformed(
          file,
          "BUILD at byte "
              + at
              + " sets the state of a "
              + PythonValues.typeName(target)
              + "; only dicts and tensors carry state in a checkpoint");
    }
  }

  private void appendAll(List<Object> items, int at) {
    Object target = peek(at);
    if (!(target instanceof ArrayList<?>)) {
      throw malformed(
          file,
          "APPEND(S) at byte "
              + at
              + " targets a "
              + PythonValues.typeName(target)
              + ", not a list");
    }
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) target;
    list.addAll(items);
  }

  private void setItems(List<Object> keysAndValues, int at) {
    Object target = peek(at);
    if (!(target instanceof Map<?, ?>) || keysAndValues.size() % 2 != 0) {
      throw malformed(
          file,
          "SETITEM(S) at byte "
              + at
              + " puts "
              + keysAndValues.size()
              + " keys and values into a "
              + PythonValues.typeName(target)
              + "; it needs a dict and an even count");
    }
    @SuppressWarnings("unchecked")
    Map<Object, Object> dict = (Map<Object, Object>) target;
    for (int i = 0; i < keysAndValues.size(); i += 2) {
      PickleKeys.requireHashable(file, keysAndValues.get(i), "SETITEM(S) at byte " + at);
      dict.put(keysAndValues.get(i), keysAndValues.get(i + 1));
    }
  }

  private void addItems(List<Object> items, int at) {
    Object target = peek(at);
    if (!(target instanceof LinkedHashSet<?>)) {
      throw malformed(
          file,
          "ADDITEMS at byte " + at + " targets a " + PythonValues.typeName(target) + ", not a set");
    }
    @SuppressWarnings("unchecked")
    Set<Object> set = (Set<Object>) target;
    for (Object item : items) {
      PickleKeys.requireHashable(file, item, "ADDITEMS at byte " + at);
      set.add(item);
    }
  }

  private Set<Object> frozenSet(List<Object> items, int at) {
    for (Object item : items) {
      PickleKeys.requireHashable(file, item, "FROZENSET at byte " + at);
    }
    return Collections.unmodifiableSet(new LinkedHashSet<>(items));
  }

  private Object memoGet(long key, int at) {
    if (!memo.containsKey(key)) {
      throw malformed(
          file, "the pickle reads memo slot " + key + " at byte " + at + " before storing it");
    }
    return memo.get(key);
  }

  private PyTuple tupleOfTop(int count, int at) {
    Object[] items = new Object[count];
    for (int i = count - 1; i >= 0; i--) {
      items[i] = pop(at);
    }
    return PyTuple.of(items);
  }

  private List<Object> popPair(int at) {
    Object value = pop(at);
    Object key = pop(at);
    return Arrays.asList(key, value);
  }

  private List<Object> popMark(int at) {
    if (marks.isEmpty()) {
      throw malformed(file, "the opcode at pickle byte " + at + " needs a MARK and none is open");
    }
    List<Object> top = stack.subList(marks.pop(), stack.size());
    List<Object> items = new ArrayList<>(top);
    top.clear();
    return items;
  }

  private void push(Object value) {
    if (++pushed > MAX_VALUES) {
      throw malformed(
          file,
          "the pickle pushes more than "
              + MAX_VALUES
              + " values (at byte "
              + in.position()
              + "); a state dict needs far fewer: it is refused");
    }
    stack.add(value);
  }

  private Object pop(int at) {
    checkNotEmpty(at);
    return stack.remove(stack.size() - 1);
  }

  private Object peek(int at) {
    checkNotEmpty(at);
    return stack.get(stack.size() - 1);
  }

  private void checkNotEmpty(int at) {
    int floor = marks.isEmpty() ? 0 : marks.peek();
    if (stack.size() <= floor) {
      throw malformed(
          file,
          "the opcode at pickle byte "
              + at
              + " needs a value and the pickle stack is empty"
              + (marks.isEmpty() ? "" : " above the open MARK")
              + ": the pickle is corrupt");
    }
  }

  private static String opcodeName(int opcode) {
    String hex = String.format("0x%02x", opcode);
    return opcode >= 0x20 && opcode < 0x7f ? hex + " ('" + (char) opcode + "')" : hex;
  }
}

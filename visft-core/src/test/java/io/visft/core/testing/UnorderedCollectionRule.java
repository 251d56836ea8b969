package io.visft.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source rule: the iteration order of an unordered collection must not reach a graph, a random
 * draw, a parameter list, a file or a message. {@code Set.of}/{@code Map.of}/{@code copyOf}
 * collections iterate in an order salted per JVM, hash collections in an order that depends on hash
 * codes (identity hashes differ between runs), so a run that iterates one can differ from the next.
 *
 * <p>A construct that makes such a collection ({@code Set.of(}, {@code Map.of(}, {@code
 * Set.copyOf(}, {@code Map.copyOf(}, {@code Map.ofEntries(}, {@code new HashMap}, {@code new
 * HashSet}, other hash maps, {@code Collectors.toSet/toMap/groupingBy} and their unmodifiable
 * forms) passes only when
 *
 * <ul>
 *   <li>it holds at most one element ({@code Set.of()}, {@code Set.of(x)}, {@code Map.of()}, {@code
 *       Map.of(k, v)}): one order only; or
 *   <li>it is stored in a variable or field that the file uses only to look up or update ({@code
 *       get}, {@code contains}, {@code put}, {@code merge}, {@code size}, …), never to iterate,
 *       return or pass on; or
 *   <li>its line is on the allow-list with a reason.
 * </ul>
 *
 * Comments and string literals are ignored. The check is per file and by name, so it errs towards
 * reporting: a name that is iterated anywhere in the file counts as iterated.
 */
public final class UnorderedCollectionRule {

  /**
   * A line the rule lets pass: {@code path} ends the file's path, {@code fragment} is on the line.
   */
  public record Allowed(String path, String fragment, String reason) {}

  /** A construct that breaks the rule. */
  public record Violation(String path, int line, String message) {
    @Override
    public String toString() {
      return path + ":" + line + ": " + message;
    }
  }

  private static final Pattern CONSTRUCT =
      Pattern.compile(
          "\\b(?:(Set|Map)\\.(of|copyOf|ofEntries)\\s*\\("
              + "|new\\s+(?:HashMap|HashSet|IdentityHashMap|ConcurrentHashMap|WeakHashMap|Hashtable)\\s*[<(]"
              + "|(?:HashMap|HashSet)\\.new(?:HashMap|HashSet)\\s*\\("
              + "|Collectors\\.(toSet|toUnmodifiableSet|toUnmodifiableMap|groupingBy|toMap|toConcurrentMap)\\s*\\()");
  private static final Set<String> LOOKUPS =
      Set.of(
          "get",
          "getOrDefault",
          "containsKey",
          "containsValue",
          "contains",
          "put",
          "putIfAbsent",
          "putAll",
          "add",
          "addAll",
          "merge",
          "compute",
          "computeIfAbsent",
          "computeIfPresent",
          "remove",
          "size",
          "isEmpty",
          "clear");
  private static final Pattern USE_AFTER =
      Pattern.compile("^\\s*(?:\\.\\s*(\\w+)\\s*\\(|::\\s*(\\w+)|=(?!=))");
  private static final String ADVICE =
      "use List.of, EnumSet/EnumMap, Collections.unmodifiableMap(new LinkedHashMap<>(…)), "
          + "ImmutableMap.of, a TreeMap or a sort; if only membership is looked up, allow-list the line with the reason";

  private final List<Allowed> allowed;
  private final List<Allowed> used = new ArrayList<>();

  public UnorderedCollectionRule(List<Allowed> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** The violations in one Java source file ({@code path} names it in the messages). */
  public List<Violation> check(String path, String source) {
    String code = blankCommentsAndStrings(source);
    List<Violation> out = new ArrayList<>();
    Matcher m = CONSTRUCT.matcher(code);
    while (m.find()) {
      int line = lineOf(code, m.start());
      String problem = problem(code, m);
      if (problem == null) {
        continue;
      }
      String text = statementUpTo(source, code, m.start());
      Allowed a =
          allowed.stream()
              .filter(e -> path.endsWith(e.path()) && text.contains(e.fragment()))
              .findFirst()
              .orElse(null);
      if (a != null) {
        used.add(a);
        continue;
      }
      out.add(
          new Violation(
              path, line, m.group().replaceAll("\\s+", "") + "…" + problem + ": " + ADVICE));
    }
    return out;
  }

  /**
   * The statement holding the construct at {@code start}, from its beginning to the end of the
   * construct's line, with runs of whitespace as one space: allow-list fragments match it however a
   * formatter breaks the lines.
   */
  private static String statementUpTo(String source, String code, int start) {
    int from =
        Math.max(
            Math.max(code.lastIndexOf(';', start), code.lastIndexOf('{', start)),
            code.lastIndexOf('}', start));
    int eol = source.indexOf('\n', start);
    return source.substring(from + 1, eol < 0 ? source.length() : eol).replaceAll("\\s+", " ");
  }

  /** Allow-list entries that matched no line of the files checked so far (stale entries). */
  public List<Allowed> unused() {
    return allowed.stream().filter(a -> !used.contains(a)).toList();
  }

  /** Why the construct at {@code m} is a problem, or null when it is not. */
  private static String problem(String code, Matcher m) {
    int open = code.indexOf('(', m.start() + m.group().length() - 1);
    if (m.group(1) != null && "of".equals(m.group(2))) {
      int maxArgs = "Set".equals(m.group(1)) ? 1 : 2;
      if (open >= 0 && arguments(code, open) <= maxArgs) {
        return null;
      }
    }
    if ("toMap".equals(m.group(3)) && open >= 0 && arguments(code, open) >= 4) {
      return null;
    }
    String target = assignedName(code, m.start());
    if (target == null) {
      return " is used directly (not kept in a variable that is only looked up)";
    }
    Matcher uses = Pattern.compile("\\b" + Pattern.quote(target) + "\\b").matcher(code);
    while (uses.find()) {
      if (!isLookup(code.substring(uses.end(), Math.min(code.length(), uses.end() + 80)))) {
        return " stored in '"
            + target
            + "', which is used other than by lookup at line "
            + lineOf(code, uses.start());
      }
    }
    return null;
  }

  private static boolean isLookup(String after) {
    Matcher u = USE_AFTER.matcher(after);
    if (!u.find()) {
      return false;
    }
    String method = u.group(1) != null ? u.group(1) : u.group(2);
    return method == null || LOOKUPS.contains(method);
  }

  /**
   * The variable or field that the expression starting at {@code start} is assigned to: the text
   * between the assignment and the construct must be empty, a ternary's branch or a stream chain's
   * {@code .collect(}.
   */
  private static String assignedName(String code, int start) {
    int from =
        Math.max(
            Math.max(code.lastIndexOf(';', start), code.lastIndexOf('{', start)),
            code.lastIndexOf('}', start));
    String statement = code.substring(from + 1, start);
    Matcher a = Pattern.compile("(\\w+)\\s*(?<![=!<>+\\-*/&|^%])=(?!=)").matcher(statement);
    String name = null;
    int end = -1;
    while (a.find()) {
      name = a.group(1);
      end = a.end();
    }
    if (name == null) {
      return null;
    }
    String between = statement.substring(end).trim();
    boolean direct =
        between.isEmpty()
            || between.matches("(?s).*[?:]")
            || between.matches("(?s)[\\w.()\\s]*\\.collect\\(");
    return direct ? name : null;
  }

  /** Top-level arguments of the call whose '(' is at {@code open}. */
  private static int arguments(String code, int open) {
    int depth = 0;
    int commas = 0;
    boolean any = false;
    for (int i = open; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        if (--depth == 0) {
          return any ? commas + 1 : 0;
        }
      } else if (depth == 1 && c == ',') {
        commas++;
      } else if (depth == 1 && !Character.isWhitespace(c)) {
        any = true;
      }
    }
    return Integer.MAX_VALUE;
  }

  private static int lineOf(String code, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (code.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /**
   * The source with comments and the contents of string, text-block and char literals blanked
   * (newlines kept).
   */
  static String blankCommentsAndStrings(String s) {
    StringBuilder b = new StringBuilder(s);
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("//", i)) {
        i = blank(b, i, s.indexOf('\n', i) < 0 ? s.length() : s.indexOf('\n', i));
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = blank(b, i, end < 0 ? s.length() : end + 2);
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        i = blank(b, i + 3, end < 0 ? s.length() : end) + 3;
      } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
        char q = s.charAt(i);
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != q && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        i = blank(b, i + 1, Math.min(j, s.length())) + 1;
      } else {
        i++;
      }
    }
    return b.toString();
  }

  private static int blank(StringBuilder b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b.charAt(i) != '\n') {
        b.setCharAt(i, ' ');
      }
    }
    return to;
  }
}

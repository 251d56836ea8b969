package io.visft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.core.testing.UnorderedCollectionRule;
import io.visft.core.testing.UnorderedCollectionRule.Allowed;
import io.visft.core.testing.UnorderedCollectionRule.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No main source file of any module lets the iteration order of an unordered collection reach a
 * graph, a random draw, a parameter list or a file (see {@link UnorderedCollectionRule}).
 */
class UnorderedCollectionRuleTest {

  /** Lines that pass although the rule cannot see that their order never matters; each says why. */
  static final List<Allowed> ALLOWED =
      List.of(
          new Allowed(
              "core/autodiff/Autodiff.java",
              "grads = new HashMap<>()",
              "gradient sums by value: accumulate() only merges into it and vjp() only gets from it"),
          new Allowed(
              "core/autodiff/Autodiff.java",
              "reach = new HashSet<>(wrt)",
              "values depending on the variables: vjp() only asks contains()"),
          new Allowed(
              "core/data/text/WordImages.java",
              "index = new HashMap<>()",
              "class index by word, only read by get(); the other 'index' in the file is an unrelated parameter"),
          new Allowed(
              "core/eval/EmbeddingCache.java",
              "Map.of(KEY, key.text(), \"format\", \"pt\")",
              "safetensors metadata: SafetensorsWriter writes the keys sorted"),
          new Allowed(
              "core/eval/zeroshot/TextEmbeddingsFile.java",
              "Map.of(TEXTS_KEY, texts, \"format\", \"pt\")",
              "safetensors metadata: SafetensorsWriter writes the keys sorted"),
          new Allowed(
              "lora/format/PeftLoraFormat.java",
              "Map.of(\"format\", \"pt\", SITES_METADATA",
              "safetensors metadata: SafetensorsWriter writes the keys sorted"),
          new Allowed(
              "core/io/pytorch/StateDictFlattener.java",
              "holdsTensor = new IdentityHashMap<>()",
              "memo by object identity, only get/put; the other 'holdsTensor' in the file is a method"),
          new Allowed(
              "core/train/AdamWConfig.java",
              "noDecay = Set.copyOf(noDecay)",
              "names exempt from weight decay: AdamW only asks contains()"),
          new Allowed(
              "core/vit/EvaConfig.java",
              "Map.of(EVA_VIT_G_14, evaVitG14(), EVA_VIT_E_14, evaVitE14())",
              "presets by name: looked up by get(), listed sorted"),
          new Allowed(
              "examples/ood/SuiteFile.java",
              "BENCHMARK_FIELDS = Set.of(",
              "allowed JSON fields: check() asks contains() and prints them sorted"),
          new Allowed(
              "examples/ood/SuiteFile.java",
              "SOURCE_FIELDS = Set.of(",
              "allowed JSON fields: check() asks contains() and prints them sorted"),
          new Allowed(
              "examples/ood/TextRecognitionSpec.java",
              "WORDS_FIELDS = Set.of(",
              "allowed JSON fields: allowOnly() asks contains() and prints them sorted"),
          new Allowed(
              "examples/ood/TextRecognitionSpec.java",
              "RENDER_FIELDS = Set.of(",
              "allowed JSON fields: allowOnly() asks contains() and prints them sorted"),
          new Allowed(
              "examples/ood/ZeroShotSuiteFields.java",
              "TEXT_FIELDS = Set.of(",
              "allowed JSON fields: SuiteFile.check() asks contains() and prints them sorted"),
          new Allowed(
              "examples/ood/ZeroShotSuiteFields.java",
              "COCO_FIELDS = Set.of(",
              "allowed JSON fields: SuiteFile.check() asks contains() and prints them sorted"),
          new Allowed(
              "examples/text/TokenizerFile.java",
              "options = Map.of(",
              "tokenizer options, which DJL reads by key"),
          new Allowed(
              "heads/caption/CaptionDecoder.java",
              "encoders = new HashMap<>()",
              "session cache by shape: get/put, iterated only to close the sessions"),
          new Allowed(
              "heads/caption/CaptionDecoder.java",
              "steppers = new HashMap<>()",
              "session cache by length: get/put, iterated only to close the sessions"),
          new Allowed(
              "lora/BackboneExtractor.java",
              "sessions = new HashMap<>()",
              "session cache by shape: get/put, iterated only to close the sessions"),
          new Allowed(
              "heads/caption/Vocabulary.java",
              "counts = new HashMap<>()",
              "word counts, sorted by count and then word before any use"),
          new Allowed(
              "heads/detection/DetectionEvaluation.java",
              "session.run(Map.of(\"features\", map, \"padding_mask\"",
              "session feeds, which ONNX Runtime binds by name"),
          new Allowed(
              "heads/detection/DetectionTrainingStep.java",
              ".collect(Collectors.toUnmodifiableSet())",
              "declared input names: only asked contains()"),
          new Allowed(
              "heads/metrics/EvalCells.java",
              "index = new HashMap<>()",
              "rank by id, only read by get(); the other 'index' in the file is an unrelated parameter"));

  @Test
  void mainSourcesOfEveryModuleKeepOrderOutOfResults() throws IOException {
    Path root = repositoryRoot();
    UnorderedCollectionRule rule = new UnorderedCollectionRule(ALLOWED);
    List<Violation> violations = new ArrayList<>();
    int files = 0;
    try (Stream<Path> modules = Files.list(root)) {
      for (Path main :
          modules
              .map(m -> m.resolve("src/main/java"))
              .filter(Files::isDirectory)
              .sorted()
              .toList()) {
        try (Stream<Path> sources = Files.walk(main)) {
          for (Path f : sources.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
            violations.addAll(rule.check(root.relativize(f).toString(), Files.readString(f)));
            files++;
          }
        }
      }
    }
    assertTrue(files > 100, "found only " + files + " main source files under " + root);
    assertTrue(
        violations.isEmpty(),
        violations.size()
            + " unordered collections (iteration order salted per JVM or"
            + " following hash codes) may reach a graph, a draw, a parameter list, a file or a message:\n"
            + String.join("\n", violations.stream().map(Violation::toString).toList()));
    assertEquals(
        List.of(), rule.unused(), "allow-list entries that match no line any more; remove them");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "class A { void f(Graph g) { for (String s : Set.of(\"q\", \"v\")) { g.input(s); } } }",
        "record T(Set<Part> parts) { T { parts = Set.copyOf(parts); } }",
        "class A { void f(Path p) { Writer.write(p, Map.of(\"a\", \"1\", \"b\", \"2\")); } }",
        "class A { List<String> f() {\n Map<String, Integer> index = new HashMap<>();\n index.put(\"a\", 1);\n"
            + " return List.copyOf(index.keySet()); } }",
        "class A { Set<String> f(List<String> l) { Set<String> s = l.stream().collect(Collectors.toSet()); return s; } }",
        "class A { static final Map<String, X> BY = Arrays.stream(X.values())\n"
            + "    .collect(Collectors.toMap(X::id, x -> x)); static Collection<X> all() { return BY.values(); } }"
      })
  void reportsAPlantedViolationWithFileLineAndAdvice(String source) {
    List<Violation> found =
        new UnorderedCollectionRule(List.of()).check("m/src/main/java/A.java", source);
    assertEquals(1, found.size(), "planted violation in: " + source);
    String message = found.get(0).toString();
    assertTrue(message.startsWith("m/src/main/java/A.java:"), message);
    assertTrue(
        message.contains("LinkedHashMap") && message.contains("EnumSet"),
        "the message must say what to use: " + message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "class A { void f(Graph g) { g.export(Map.of(\"features\", f), Map.of()); } }",
        "class A { static final Set<String> FIELDS = Set.of(\"a\", \"b\"); boolean ok(String s) { return FIELDS.contains(s); } }",
        "class A { int f(List<String> l) {\n Map<String, Integer> count = new HashMap<>();\n"
            + " for (String s : l) { count.merge(s, 1, Integer::sum); }\n return count.get(\"a\"); } }",
        "class A { /* Map.of(a, b, c, d) */ String s = \"Set.copyOf(x)\"; }",
        "class A { Map<String, X> f(Stream<X> s) { return s.collect(Collectors.toMap(X::id, x -> x, (a, b) -> a, "
            + "LinkedHashMap::new)); } }"
      })
  void passesOrderFreeUses(String source) {
    assertEquals(
        List.of(), new UnorderedCollectionRule(List.of()).check("m/src/main/java/A.java", source));
  }

  @Test
  void anAllowListEntryLetsItsLinePassAndOnlyThatLine() {
    String source =
        "class A {\n void f() { use(Set.of(\"x\", \"y\")); }\n void g() { use(Set.of(\"x\", \"z\")); } }";
    UnorderedCollectionRule rule =
        new UnorderedCollectionRule(List.of(new Allowed("A.java", "\"y\"", "test")));
    List<Violation> found = rule.check("m/src/main/java/A.java", source);
    assertEquals(List.of(3), found.stream().map(Violation::line).toList());
    assertEquals(List.of(), rule.unused());
  }

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("visft-api/src/main/java"))) {
      p = p.getParent();
    }
    assertTrue(
        p != null,
        "no repository root (a folder with visft-api/src/main/java) above "
            + Path.of("").toAbsolutePath());
    return p;
  }
}

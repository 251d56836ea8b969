package io.visft.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.api.ViSFTException;
import io.visft.core.io.AtomicFiles;
import io.visft.core.io.StrictJson;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The state a training run resumes from: the next step, the trainable tensors, the optimizer state
 * and the data positions. Resume points live in a folder: each is a sub-folder {@code
 * step-000000123} holding {@code parameters.safetensors}, {@code optimizer.safetensors} and {@code
 * state.json} (next step, data positions of every task); the file {@code latest} names the newest
 * complete one. A checkpoint is written into a temporary folder first and only then renamed and
 * published, so a run killed mid-write leaves the previous checkpoint readable, and a temporary
 * folder {@code .step-000000123.tmp} that {@link #removeStale(Path)} deletes. The two newest are
 * kept.
 *
 * @param step the next step to run
 * @param parameters the trainable tensors
 * @param optimizerState the optimizer's state
 * @param dataPositions task name → its data position
 */
public record ResumePoint(
    long step,
    Map<String, HostTensor> parameters,
    Map<String, HostTensor> optimizerState,
    Map<String, Map<String, Long>> dataPositions) {

  private static final String LATEST = "latest";
  private static final int KEEP = 2;
  private static final Pattern TEMPORARY = Pattern.compile("\\.step-[0-9]{9}\\.tmp");

  /** Writes this checkpoint under {@code dir} and publishes it as the latest. */
  public Path write(Path dir) {
    String name = String.format("step-%09d", step);
    Path tmp = dir.resolve("." + name + ".tmp");
    Path target = dir.resolve(name);
    try {
      Files.createDirectories(dir);
      deleteTree(tmp);
      Files.createDirectories(tmp);
      SafetensorsWriter.write(
          tmp.resolve("parameters.safetensors"), parameters, Map.of("format", "pt"));
      SafetensorsWriter.write(tmp.resolve("optimizer.safetensors"), optimizerState, Map.of());
      ObjectNode state = new ObjectMapper().createObjectNode();
      state.put("format", "visft-checkpoint-1");
      state.put("step", step);
      ObjectNode positions = state.putObject("data_positions");
      dataPositions.forEach(
          (task, pos) -> {
            ObjectNode p = positions.putObject(task);
            pos.forEach(p::put);
          });
      byte[] json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
      AtomicFiles.write(tmp.resolve("state.json"), ch -> ch.write(ByteBuffer.wrap(json)));
      deleteTree(target);
      Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      byte[] pointer = name.getBytes(StandardCharsets.UTF_8);
      AtomicFiles.write(dir.resolve(LATEST), ch -> ch.write(ByteBuffer.wrap(pointer)));
      prune(dir, name);
      return target;
    } catch (IOException e) {
      throw new ViSFTException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
    }
  }

  /** The newest complete checkpoint in {@code dir}, if any. */
  public static Optional<ResumePoint> latest(Path dir) {
    Path pointer = dir.resolve(LATEST);
    if (!Files.exists(pointer)) {
      return Optional.empty();
    }
    try {
      Path ckpt = dir.resolve(Files.readString(pointer, StandardCharsets.UTF_8).trim());
      ObjectMapper mapper = new ObjectMapper();
      JsonNode state =
          StrictJson.readTree(mapper, mapper.createParser(ckpt.resolve("state.json").toFile()));
      if (!"visft-checkpoint-1".equals(state.path("format").asText())) {
        throw new FileFormatException(
            ckpt.resolve("state.json")
                + ": field 'format' is '"
                + state.path("format").asText()
                + "', expected 'visft-checkpoint-1'");
      }
      Map<String, Map<String, Long>> positions = new LinkedHashMap<>();
      state
          .path("data_positions")
          .fields()
          .forEachRemaining(
              t -> {
                Map<String, Long> p = new LinkedHashMap<>();
                t.getValue()
                    .fields()
                    .forEachRemaining(f -> p.put(f.getKey(), f.getValue().asLong()));
                positions.put(t.getKey(), p);
              });
      return Optional.of(
          new ResumePoint(
              state.get("step").asLong(),
              readAll(ckpt.resolve("parameters.safetensors")),
              readAll(ckpt.resolve("optimizer.safetensors")),
              positions));
    } catch (IOException e) {
      throw new FileFormatException(
          "cannot read the latest checkpoint in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes what writes into {@code dir} killed mid-way left behind: temporary checkpoint folders
   * ({@code .step-000000123.tmp}) and temporary files of {@link AtomicFiles}. Published checkpoints
   * are untouched. Call it before a run writes checkpoints into {@code dir}.
   *
   * @return the folders and files deleted
   */
  public static List<Path> removeStale(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> removed = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        if (TEMPORARY.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)) {
          deleteTree(p);
          removed.add(p);
        }
      }
    } catch (IOException e) {
      throw new ViSFTException(
          "cannot remove stale temporary checkpoint folders in "
              + dir
              + ": "
              + e.getMessage()
              + " (check that the folder is writable, or delete its hidden .step-*.tmp folders by hand)",
          e);
    }
    removed.addAll(AtomicFiles.removeStale(dir));
    return removed;
  }

  private static Map<String, HostTensor> readAll(Path file) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      for (String n : f.names()) {
        HostTensor t = f.tensor(n);
        ByteBuffer copy =
            ByteBuffer.allocate(t.data().remaining()).put(t.data().duplicate()).flip();
        out.put(n, new HostTensor(t.dtype(), t.shape(), copy));
      }
    }
    return out;
  }

  private static void prune(Path dir, String newest) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      var old =
          s.filter(p -> p.getFileName().toString().startsWith("step-"))
              .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
              .skip(KEEP)
              .toList();
      for (Path p : old) {
        if (!p.getFileName().toString().equals(newest)) {
          deleteTree(p);
        }
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}

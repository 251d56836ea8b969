package io.visft.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary files that a killed write leaves are removed by the next run; nothing else is. */
class AtomicFilesTest {
  @TempDir
  Path dir;

  /** The name of the temporary file a write of {@code target} uses, seen from inside the write. */
  private static Path temporaryNameOf(Path target) throws Exception {
    Path[] seen = new Path[1];
    AtomicFiles.write(target, ch -> {
      try (Stream<Path> s = Files.list(target.getParent())) {
        seen[0] = s.filter(p -> p.getFileName().toString().startsWith("." + target.getFileName())).findFirst().orElseThrow();
      }
      ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    });
    return seen[0];
  }

  @Test
  void removesTheTemporaryFilesOfKilledWritesOnly() throws Exception {
    Path target = dir.resolve("adapter_model.safetensors");
    Path leftover = temporaryNameOf(target);
    Files.write(leftover, new byte[] {9});
    Path other = temporaryNameOf(dir.resolve("adapter_config.json"));
    Files.write(other, new byte[] {9});
    List<Path> kept = List.of(Files.writeString(dir.resolve(".notes.tmp"), "mine"),
        Files.writeString(dir.resolve("run.123.tmp"), "mine"), Files.createDirectories(dir.resolve(".cache.42.tmp")));

    List<Path> removed = AtomicFiles.removeStale(dir);

    assertEquals(List.of(other, leftover).stream().sorted().toList(), removed);
    assertTrue(Files.notExists(leftover) && Files.notExists(other));
    kept.forEach(p -> assertTrue(Files.exists(p), p + " is not a temporary file of AtomicFiles and must stay"));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    assertEquals(List.of(), AtomicFiles.removeStale(dir.resolve("absent")));
  }
}

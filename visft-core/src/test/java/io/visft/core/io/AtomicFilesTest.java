package io.visft.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atomic writes: content replaced whole, the umask's permissions, and killed writes' temporary
 * files removed by the next run.
 */
class AtomicFilesTest {
  @TempDir Path dir;

  private static void write(Path target, String text) {
    AtomicFiles.write(
        target, ch -> ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void replacesTheContentAndLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("adapter.safetensors");
    write(target, "first");
    write(target, "second");
    assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(target), files.toList());
    }
  }

  @Test
  void writtenFilesGetTheUsualPermissionsOfTheUmask() throws Exception {
    assumeTrue(
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "file permissions are POSIX modes; this file system has none to compare");
    Path reference = dir.resolve("reference.txt");
    try (OutputStream out = Files.newOutputStream(reference)) {
      out.write('x');
    }
    Path target = dir.resolve("metrics.json");
    write(target, "{}");
    assertEquals(
        PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)),
        PosixFilePermissions.toString(Files.getPosixFilePermissions(target)),
        "an atomically written file and a file made with Files.newOutputStream in the same folder");
  }

  /** The name of the temporary file a write of {@code target} uses, seen from inside the write. */
  private static Path temporaryNameOf(Path target) throws Exception {
    Path[] seen = new Path[1];
    AtomicFiles.write(
        target,
        ch -> {
          try (Stream<Path> s = Files.list(target.getParent())) {
            seen[0] =
                s.filter(p -> p.getFileName().toString().startsWith("." + target.getFileName()))
                    .findFirst()
                    .orElseThrow();
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
    List<Path> kept =
        List.of(
            Files.writeString(dir.resolve(".notes.tmp"), "mine"),
            Files.writeString(dir.resolve("run.123.tmp"), "mine"),
            Files.createDirectories(dir.resolve(".cache.42.tmp")));

    List<Path> removed = AtomicFiles.removeStale(dir);

    assertEquals(List.of(other, leftover).stream().sorted().toList(), removed);
    assertTrue(Files.notExists(leftover) && Files.notExists(other));
    kept.forEach(
        p ->
            assertTrue(
                Files.exists(p), p + " is not a temporary file of AtomicFiles and must stay"));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    assertEquals(List.of(), AtomicFiles.removeStale(dir.resolve("absent")));
  }
}

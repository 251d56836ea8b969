package io.visft.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class AtomicFilesTest {
  @TempDir
  Path dir;

  private static void write(Path target, String text) {
    AtomicFiles.write(target, ch -> ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
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
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "file permissions are POSIX modes; this file system has none to compare");
    Path reference = dir.resolve("reference.txt");
    try (OutputStream out = Files.newOutputStream(reference)) {
      out.write('x');
    }
    Path target = dir.resolve("metrics.json");
    write(target, "{}");
    assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)),
        PosixFilePermissions.toString(Files.getPosixFilePermissions(target)),
        "an atomically written file and a file made with Files.newOutputStream in the same folder");
  }
}

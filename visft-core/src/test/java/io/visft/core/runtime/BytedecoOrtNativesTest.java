package io.visft.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.BackendUnavailableException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BytedecoOrtNativesTest {

  @Test
  void withoutTheBytedecoJarNothingIsExtracted() throws IOException {
    try (URLClassLoader bootstrapOnly = new URLClassLoader(new URL[0], null)) {
      assertEquals(Optional.empty(), BytedecoOrtNatives.install(bootstrapOnly));
    }
  }

  @Test
  void theFolderHoldsWhatOnnxRuntimeLoadsUnderTheNamesItLooksFor(
      @TempDir Path jars, @TempDir Path out) throws IOException {
    List<String> resources = new ArrayList<>();
    resources.add(BytedecoOrtNatives.BYTEDECO_DIR + BytedecoOrtNatives.MAIN_LIBRARY);
    BytedecoOrtNatives.PROVIDER_LIBRARIES.forEach(
        l -> resources.add(BytedecoOrtNatives.BYTEDECO_DIR + l));
    resources.add(BytedecoOrtNatives.JNI_LIBRARY);
    for (String resource : resources) {
      Path file = jars.resolve(resource);
      Files.createDirectories(file.getParent());
      Files.writeString(file, resource, StandardCharsets.UTF_8);
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jars.toUri().toURL()}, null)) {
      BytedecoOrtNatives.extractInto(loader, out);
    }
    String main = BytedecoOrtNatives.BYTEDECO_DIR + BytedecoOrtNatives.MAIN_LIBRARY;
    assertEquals(main, Files.readString(out.resolve("libonnxruntime.so.1")));
    assertEquals(main, Files.readString(out.resolve("libonnxruntime.so")));
    assertEquals(
        BytedecoOrtNatives.JNI_LIBRARY, Files.readString(out.resolve("libonnxruntime4j_jni.so")));
    for (String library : BytedecoOrtNatives.PROVIDER_LIBRARIES) {
      assertEquals(
          BytedecoOrtNatives.BYTEDECO_DIR + library, Files.readString(out.resolve(library)));
    }
  }

  @Test
  void aMissingJniLibraryNamesTheFlavourToDependOn(@TempDir Path jars, @TempDir Path out)
      throws IOException {
    Path main = jars.resolve(BytedecoOrtNatives.BYTEDECO_DIR + BytedecoOrtNatives.MAIN_LIBRARY);
    Files.createDirectories(main.getParent());
    Files.writeString(main, "main");
    for (String library : BytedecoOrtNatives.PROVIDER_LIBRARIES) {
      Files.writeString(main.resolveSibling(library), library);
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jars.toUri().toURL()}, null)) {
      BackendUnavailableException e =
          assertThrows(
              BackendUnavailableException.class, () -> BytedecoOrtNatives.extractInto(loader, out));
      assertTrue(e.getMessage().contains(BytedecoOrtNatives.JNI_LIBRARY), e.getMessage());
      assertTrue(e.getMessage().contains("io.visft:visft-runtime-cuda13"), e.getMessage());
    }
  }
}

package io.visft.core.runtime;

import io.visft.api.BackendUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Points ONNX Runtime's Java API at the natives of {@code org.bytedeco:onnxruntime}'s {@code
 * linux-x86_64-gpu} jar (ONNX Runtime built for CUDA 13), which the CUDA 13 flavour {@code
 * io.visft:visft-runtime-cuda13} puts on the class path beside Microsoft's {@code onnxruntime_gpu}
 * jar of the same version (whose own natives need CUDA 12).
 *
 * <p>ONNX Runtime's Java API loads {@code libonnxruntime.so}, its JNI library {@code
 * libonnxruntime4j_jni.so} and the provider libraries from the folder named by the system property
 * {@value #NATIVE_PATH_PROPERTY} when it is set. This class extracts the bytedeco libraries (the
 * main one under both its SONAME and {@code libonnxruntime.so}) and Microsoft's JNI library into a
 * fresh temporary folder, deleted when the JVM exits, and sets the property; it does nothing when
 * the bytedeco jar is absent or the property is already set by the user.
 */
final class BytedecoOrtNatives {
  /** ONNX Runtime's own switch for loading its natives from a folder instead of its jar. */
  static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

  /** Where the bytedeco jar keeps its libraries. */
  static final String BYTEDECO_DIR = "org/bytedeco/onnxruntime/linux-x86_64-gpu/";

  /** Where Microsoft's jar keeps its JNI library for Linux x86-64. */
  static final String JNI_LIBRARY = "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so";

  /** The main library, under its SONAME. */
  static final String MAIN_LIBRARY = "libonnxruntime.so.1";

  /** The provider libraries ONNX Runtime loads when a session asks for CUDA (or oneDNN). */
  static final List<String> PROVIDER_LIBRARIES =
      List.of(
          "libonnxruntime_providers_shared.so",
          "libonnxruntime_providers_cuda.so",
          "libonnxruntime_providers_dnnl.so");

  private BytedecoOrtNatives() {}

  /**
   * Extracts the natives and sets {@value #NATIVE_PATH_PROPERTY} if {@code loader} sees the
   * bytedeco jar and the property is unset.
   *
   * @return the folder the natives were extracted to, or empty when nothing was done
   * @throws BackendUnavailableException if the jars are incomplete or the files cannot be written
   */
  static Optional<Path> install(ClassLoader loader) {
    if (System.getProperty(NATIVE_PATH_PROPERTY) != null
        || loader.getResource(BYTEDECO_DIR + MAIN_LIBRARY) == null) {
      return Optional.empty();
    }
    try {
      Path dir = Files.createTempDirectory("visft-onnxruntime-");
      dir.toFile().deleteOnExit();
      extractInto(loader, dir);
      System.setProperty(NATIVE_PATH_PROPERTY, dir.toString());
      return Optional.of(dir);
    } catch (IOException e) {
      throw new BackendUnavailableException(
          "cannot extract ONNX Runtime's CUDA 13 natives "
              + "(org.bytedeco:onnxruntime) to a temporary folder: "
              + e.getMessage()
              + "; free space under "
              + System.getProperty("java.io.tmpdir")
              + " or set -D"
              + NATIVE_PATH_PROPERTY
              + " to a folder holding them",
          e);
    }
  }

  /**
   * Writes the libraries ONNX Runtime loads from {@value #NATIVE_PATH_PROPERTY} into {@code dir}.
   */
  static void extractInto(ClassLoader loader, Path dir) throws IOException {
    extract(loader, BYTEDECO_DIR + MAIN_LIBRARY, dir.resolve(MAIN_LIBRARY));
    extract(loader, BYTEDECO_DIR + MAIN_LIBRARY, dir.resolve("libonnxruntime.so"));
    for (String library : PROVIDER_LIBRARIES) {
      extract(loader, BYTEDECO_DIR + library, dir.resolve(library));
    }
    extract(loader, JNI_LIBRARY, dir.resolve("libonnxruntime4j_jni.so"));
  }

  private static void extract(ClassLoader loader, String resource, Path target) throws IOException {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new BackendUnavailableException(
            "the CUDA 13 flavour is incomplete: "
                + resource
                + " is not on the "
                + "class path; depend on io.visft:visft-runtime-cuda13, which brings"
                + " com.microsoft.onnxruntime:onnxruntime_gpu and org.bytedeco:onnxruntime (linux-x86_64-gpu) of the"
                + " same version");
      }
      target.toFile().deleteOnExit();
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

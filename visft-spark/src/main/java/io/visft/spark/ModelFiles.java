package io.visft.spark;

import io.visft.api.ConfigException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;

/**
 * Where executors find the backbone and its adapter: either a path every executor can read (a
 * shared file system), or files added to the Spark job with {@link SparkContext#addFile} and found
 * on each executor with {@link SparkFiles#get}. Executors read them once per JVM (see {@link
 * ExecutorBackbones}), never per row. Immutable.
 *
 * @param weights the backbone checkpoint (timm safetensors, or a PyTorch .pt/.pth/.bin)
 * @param arch a preset name ({@code eva-vit-g-14}) or a JSON config file
 * @param adapter a ViSFT .pt LoRA adapter or a PEFT adapter folder, or null for the base backbone
 * @param loraAlpha lora_alpha of a ViSFT .pt adapter (ignored for PEFT folders, which store it)
 * @param shipped whether {@code weights}, a file {@code arch} and {@code adapter} are names of
 *     files added to the job ({@link #ship}) rather than paths
 */
public record ModelFiles(
    String weights, String arch, String adapter, double loraAlpha, boolean shipped)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ModelFiles {
    if (weights == null || weights.isBlank()) {
      throw new ConfigException("model files: weights must name a checkpoint, got " + weights);
    }
    if (arch == null || arch.isBlank()) {
      throw new ConfigException(
          "model files: arch must be a preset name or a JSON config file, got " + arch);
    }
    if (!(loraAlpha > 0)) {
      throw new ConfigException("model files: lora alpha must be positive, got " + loraAlpha);
    }
  }

  /** Files at paths every executor can read; {@code adapter} may be null. */
  public static ModelFiles sharedPaths(Path weights, String arch, Path adapter, double loraAlpha) {
    return new ModelFiles(
        weights.toString(), arch, adapter == null ? null : adapter.toString(), loraAlpha, false);
  }

  /**
   * Adds the files to {@code context}'s job (an adapter folder recursively; a preset arch stays a
   * name) and returns the files as executors will find them.
   *
   * @throws ConfigException when a file does not exist
   */
  public ModelFiles ship(SparkContext context) {
    if (shipped) {
      return this;
    }
    String shippedArch = Files.isRegularFile(Path.of(arch)) ? add(context, arch) : arch;
    return new ModelFiles(
        add(context, weights),
        shippedArch,
        adapter == null ? null : add(context, adapter),
        loraAlpha,
        true);
  }

  private static String add(SparkContext context, String path) {
    Path file = Path.of(path);
    if (!Files.exists(file)) {
      throw new ConfigException(
          "model file " + file + " does not exist; expected a checkpoint, config or adapter");
    }
    context.addFile(file.toAbsolutePath().toString(), Files.isDirectory(file));
    return file.getFileName().toString();
  }

  /** The checkpoint on this JVM. */
  Path weightsPath() {
    return local(weights);
  }

  /**
   * The arch as {@link io.visft.core.vit.EvaConfig#resolve} takes it on this JVM: a shipped config
   * file, or as given.
   */
  String archOnThisJvm() {
    if (shipped) {
      Path file = Path.of(SparkFiles.get(arch));
      if (Files.isRegularFile(file)) {
        return file.toString();
      }
    }
    return arch;
  }

  /** The adapter on this JVM, or null. */
  Path adapterPath() {
    return adapter == null ? null : local(adapter);
  }

  private Path local(String name) {
    return shipped ? Path.of(SparkFiles.get(name)) : Path.of(name);
  }
}

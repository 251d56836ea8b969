package io.visft.examples.cli;

import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.FrozenWeights.Precision;
import io.visft.core.runtime.RuntimeOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every backbone command shares. */
final class BackboneOptions {
  @Option(
      names = "--arch",
      required = true,
      paramLabel = "<preset|config.json>",
      description =
          "Backbone architecture: a preset (eva-vit-g-14, eva-vit-e-14) or a JSON file with embed_dim, depth, "
              + "num_heads, mlp_hidden_dim, patch_size, pos_embed_grid, post_norm, layer_norm_eps.")
  String arch;

  @Option(
      names = "--weights",
      required = true,
      paramLabel = "<checkpoint>",
      description =
          "Backbone checkpoint: timm safetensors, or a PyTorch .pt/.pth/.bin (EVA-CLIP files are read from "
              + "their 'visual.' tower).")
  Path weights;

  @Option(
      names = "--allow-lavis-layout",
      description =
          "Accept a checkpoint with fewer blocks than --arch and no final "
              + "norm (LAVIS eva_vit_g.pth: 39 blocks), building the backbone at the checkpoint's depth.")
  boolean allowLavisLayout;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      paramLabel = "<cpu|cuda|cuda:N>",
      description = "ONNX Runtime execution provider (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--compute-precision",
      defaultValue = "fp32",
      paramLabel = "<fp32|fp16|bf16>",
      description =
          "What the backbone's frozen-weight products compute in: fp16 or bf16 (CUDA only) keeps norms, "
              + "softmax, losses and LoRA in fp32 (default: ${DEFAULT-VALUE}).")
  String computePrecision;

  @Option(
      names = "--frozen-weights",
      defaultValue = "fp32",
      paramLabel = "<fp32|int8>",
      description =
          "How the backbone's frozen linear weights are held: fp32 as stored, or int8 quantized once at load "
              + "(per output channel) and multiplied on ONNX Runtime's integer kernels, forward and backward; CPU only "
              + "(default: ${DEFAULT-VALUE}).")
  String frozenWeights;

  RuntimeOptions runtime() {
    return RuntimeOptions.parse(device)
        .withComputePrecision(ComputePrecision.parse(computePrecision, "--compute-precision"))
        .withFrozenWeights(Precision.parse(frozenWeights, "--frozen-weights"));
  }
}

package io.visft.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.visft.api.HostTensor;
import io.visft.core.vit.EvaConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pre-norm EVA backbone of {@link BackboneBenchmark} written in DJL's NDArray API on its
 * PyTorch engine, from the same timm-named F32 weights: the peer a Java team would write. Optional
 * LoRA on q and v of every block's fused qkv, {@code q += s · (x Aᵀ) Bᵀ}, as PEFT applies it. The
 * position embedding is used as stored (cls slot dropped), so the input's patch grid must be the
 * config's {@code posEmbedGrid}, as in every benchmark.
 *
 * <p>Arrays produced by {@link #features} belong to the manager of the pixels passed in, so a
 * caller frees a forward pass by closing that manager.
 */
final class DjlVit implements AutoCloseable {
  private final EvaConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> weights = new LinkedHashMap<>();
  private final Map<String, NDArray> lora = new LinkedHashMap<>();

  /**
   * The two scalar factors, {@code 1/√d_head} and the LoRA scaling, as arrays this object holds.
   * DJL's {@code mul(Number)} makes a scalar array over a direct buffer, closes it after the call
   * and leaves the buffer to the garbage collector, while autograd keeps the tensor for the
   * backward pass: a collection between forward and backward then read freed memory (zero and NaN q
   * gradients in {@link DjlParity}).
   */
  private final NDArray attentionScale;

  private final NDArray loraScaling;

  /**
   * @param weights timm-named F32 tensors ({@code patch_embed.proj.weight}, {@code
   *     blocks.0.attn.qkv.weight}, ...)
   * @param loraTensors A {@code [r, D]} and B {@code [D, r]} per adapted part, named like {@code
   *     blocks.0.attn.qkv.q.lora_A}; empty for no LoRA. They get gradients.
   * @param scaling LoRA scaling {@code alpha / r}
   */
  DjlVit(
      NDManager parent,
      EvaConfig config,
      Map<String, HostTensor> weights,
      Map<String, HostTensor> loraTensors,
      float scaling) {
    this.config = config;
    this.manager = parent.newSubManager();
    this.attentionScale =
        manager.create((float) (1 / Math.sqrt(config.embedDim() / config.numHeads())));
    this.loraScaling = manager.create(scaling);
    weights.forEach((name, t) -> this.weights.put(name, toArray(manager, t)));
    loraTensors.forEach(
        (name, t) -> {
          NDArray a = toArray(manager, t);
          a.setRequiresGradient(true);
          lora.put(name, a);
        });
    NDArray pos = this.weights.get("pos_embed");
    if (pos != null
        && pos.getShape().get(1) == (long) config.posEmbedGrid() * config.posEmbedGrid() + 1) {
      this.weights.put("pos_embed", pos.get(":, 1:, :"));
    }
    for (int i = 0; i < config.depth(); i++) {
      String p = "blocks." + i + ".attn.";
      NDArray q = this.weights.get(p + "q_bias");
      this.weights.put(
          p + "qkv.bias",
          NDArrays.concat(new NDList(q, q.zerosLike(), this.weights.get(p + "v_bias"))));
    }
  }

  /** An F32 host tensor as an array of {@code manager}. */
  static NDArray toArray(NDManager manager, HostTensor t) {
    return manager.create(
        t.floatView().duplicate().rewind(), new Shape(t.shape()), DataType.FLOAT32);
  }

  /** The trainable LoRA arrays by name (empty without LoRA). */
  Map<String, NDArray> loraArrays() {
    return lora;
  }

  /**
   * @param pixels {@code [B, 3, H, W]}
   * @return features {@code [B, D, H/p, W/p]}
   */
  NDArray features(NDArray pixels) {
    long b = pixels.getShape().get(0);
    int p = config.patchSize();
    long d = config.embedDim();
    long gh = pixels.getShape().get(2) / p;
    long gw = pixels.getShape().get(3) / p;
    long n = gh * gw;
    NDArray patches =
        Conv2d.conv2d(
                pixels, w("patch_embed.proj.weight"), w("patch_embed.proj.bias"), new Shape(p, p))
            .singletonOrThrow();
    NDArray x = patches.reshape(b, d, n).transpose(0, 2, 1).add(w("pos_embed"));
    for (int i = 0; i < config.depth(); i++) {
      String prefix = "blocks." + i + ".";
      NDArray h = x.add(attention(norm(x, prefix + "norm1"), prefix + "attn.", b, n));
      x = h.add(mlp(norm(h, prefix + "norm2"), prefix + "mlp."));
    }
    if (config.finalNorm()) {
      x = norm(x, "norm");
    }
    return x.transpose(0, 2, 1).reshape(b, d, gh, gw);
  }

  private NDArray norm(NDArray x, String name) {
    return LayerNorm.layerNorm(
            x,
            new Shape(config.embedDim()),
            w(name + ".weight"),
            w(name + ".bias"),
            (float) config.layerNormEps())
        .singletonOrThrow();
  }

  private NDArray attention(NDArray x, String prefix, long b, long n) {
    int heads = config.numHeads();
    long hd = config.embedDim() / heads;
    NDArray qkv =
        Linear.linear(x, w(prefix + "qkv.weight"), w(prefix + "qkv.bias")).singletonOrThrow();
    NDList parts = qkv.split(3, 2);
    NDArray q = adapted(x, parts.get(0), prefix + "qkv.q");
    NDArray v = adapted(x, parts.get(2), prefix + "qkv.v");
    NDArray qh = q.mul(attentionScale).reshape(b, n, heads, hd).transpose(0, 2, 1, 3);
    NDArray kh = parts.get(1).reshape(b, n, heads, hd).transpose(0, 2, 3, 1);
    NDArray vh = v.reshape(b, n, heads, hd).transpose(0, 2, 1, 3);
    NDArray ctx =
        qh.matMul(kh).softmax(-1).matMul(vh).transpose(0, 2, 1, 3).reshape(b, n, config.embedDim());
    return Linear.linear(ctx, w(prefix + "proj.weight"), w(prefix + "proj.bias"))
        .singletonOrThrow();
  }

  private NDArray adapted(NDArray x, NDArray base, String site) {
    NDArray a = lora.get(site + ".lora_A");
    if (a == null) {
      return base;
    }
    NDArray low = Linear.linear(x, a).singletonOrThrow();
    return base.add(
        Linear.linear(low, lora.get(site + ".lora_B")).singletonOrThrow().mul(loraScaling));
  }

  private NDArray mlp(NDArray x, String prefix) {
    NDArray hidden =
        Linear.linear(x, w(prefix + "fc1.weight"), w(prefix + "fc1.bias")).singletonOrThrow();
    return Linear.linear(Activation.gelu(hidden), w(prefix + "fc2.weight"), w(prefix + "fc2.bias"))
        .singletonOrThrow();
  }

  private NDArray w(String name) {
    NDArray a = weights.get(name);
    if (a == null) {
      throw new IllegalArgumentException(
          "DJL peer: backbone weight '"
              + name
              + "' is missing; pass the timm-named "
              + "weights of "
              + config);
    }
    return a;
  }

  @Override
  public void close() {
    manager.close();
  }
}

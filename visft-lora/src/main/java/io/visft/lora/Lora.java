package io.visft.lora;

import io.visft.api.ConfigException;
import io.visft.api.HostTensor;
import io.visft.api.LoraAdapter;
import io.visft.api.ShapeException;
import io.visft.core.train.Parameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A LoRA adapter held in host memory: one {@code A [r, in]} / {@code B [out, r]} pair per {@link
 * LoraSite}. Training updates the arrays in place; injection into a backbone graph is done by
 * {@link LoraLinearLayer}.
 *
 * <p>Not thread-safe.
 */
public final class Lora implements LoraAdapter {
  private final String name;
  private final LoraConfig config;
  private final Map<String, LoraSite> sites;
  private final Map<String, float[]> a = new LinkedHashMap<>();
  private final Map<String, float[]> b = new LinkedHashMap<>();

  private Lora(String name, LoraConfig config, List<LoraSite> sites) {
    this.name = name;
    this.config = config;
    Map<String, LoraSite> m = new LinkedHashMap<>();
    for (LoraSite s : sites) {
      m.put(s.key(), s);
      a.put(s.key(), new float[Math.toIntExact(config.r() * s.in())]);
      b.put(s.key(), new float[Math.toIntExact(s.out() * config.r())]);
    }
    this.sites = Collections.unmodifiableMap(m);
  }

  /**
   * A fresh adapter (A initialised per {@link LoraConfig#init()}, B zero) on the modules of {@code
   * linearModules} (module name → weight shape {@code [out, in]}) that the config targets.
   *
   * @throws ConfigException listing candidate module names when a target matches nothing
   */
  public static Lora create(
      String name, LoraConfig config, Map<String, long[]> linearModules, long seed) {
    Lora lora = new Lora(name, config, sitesFor(config, linearModules));
    SplittableRandom rnd = new SplittableRandom(seed);
    for (LoraSite s : lora.sites.values()) {
      float[] av = lora.a.get(s.key());
      double bound = 1 / Math.sqrt(s.in());
      double std = 1 / (double) config.r();
      for (int i = 0; i < av.length; i++) {
        av[i] =
            config.init() == LoraInit.KAIMING_UNIFORM
                ? (float) (rnd.nextDouble(-bound, bound))
                : (float) (gaussian(rnd) * Math.sqrt(std));
      }
    }
    return lora;
  }

  /** An adapter with all-zero tensors, to be filled by {@link #load} (file readers use this). */
  public static Lora empty(String name, LoraConfig config, List<LoraSite> sites) {
    return new Lora(name, config, sites);
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** The sites a config selects among {@code linearModules} (name → {@code [out, in]}). */
  public static List<LoraSite> sitesFor(LoraConfig config, Map<String, long[]> linearModules) {
    List<LoraSite> out = new ArrayList<>();
    for (LoraTarget t : config.targets()) {
      boolean any = false;
      for (Map.Entry<String, long[]> m : linearModules.entrySet()) {
        if (!t.matches(m.getKey())) {
          continue;
        }
        any = true;
        long rows = m.getValue()[0];
        long in = m.getValue()[1];
        if (!t.isSliced()) {
          out.add(new LoraSite(m.getKey(), null, in, rows, 0));
          continue;
        }
        if (rows % 3 != 0) {
          throw new ConfigException(
              "LoRA target '"
                  + t.pattern()
                  + "' selects q/k/v slices but module '"
                  + m.getKey()
                  + "' has "
                  + rows
                  + " output rows, not a multiple of 3; target it without slices");
        }
        for (QkvPart p : t.parts()) {
          out.add(new LoraSite(m.getKey(), p, in, rows / 3, p.start(rows / 3)));
        }
      }
      if (!any) {
        List<String> candidates = linearModules.keySet().stream().limit(12).toList();
        throw new ConfigException(
            "LoRA target '"
                + t.pattern()
                + "' matches no module of the backbone; candidates include "
                + candidates
                + (linearModules.size() > 12 ? " (" + linearModules.size() + " in all)" : "")
                + ". Use a suffix such as 'attn.qkv', 'attn.proj', 'mlp.fc1', 'mlp.fc2' or a regex over full names.");
      }
    }
    return out;
  }

  @Override
  public String name() {
    return name;
  }

  public LoraConfig config() {
    return config;
  }

  @Override
  public int rank() {
    return config.r();
  }

  @Override
  public double scaling() {
    return config.scaling();
  }

  /** Sites by key, in creation order. */
  public Map<String, LoraSite> sites() {
    return sites;
  }

  /**
   * The sites adapting backbone module {@code module} (none when it is not adapted): see {@link
   * #adapts(String, String)}.
   */
  public List<LoraSite> sitesOf(String module) {
    List<LoraSite> exact = sites.values().stream().filter(s -> s.module().equals(module)).toList();
    return exact.isEmpty()
        ? sites.values().stream().filter(s -> adapts(s.module(), module)).toList()
        : exact;
  }

  /**
   * True when an adapter's module {@code adapterModule} adapts backbone module {@code module}: the
   * names are equal, or the adapter's name is the backbone's behind a wrapper prefix, as PEFT names
   * modules from the root of the model it wrapped ({@code visual.blocks.0.attn.qkv} for an EVA-CLIP
   * vision tower, {@code visual.trunk.blocks.0.attn.qkv} for an open_clip timm trunk).
   */
  public static boolean adapts(String adapterModule, String module) {
    return adapterModule.equals(module) || adapterModule.endsWith("." + module);
  }

  /** The live A array of a site, row-major {@code [r, in]} (shared, not copied). */
  public float[] a(LoraSite site) {
    return a.get(site.key());
  }

  /** The live B array of a site, row-major {@code [out, r]} (shared, not copied). */
  public float[] b(LoraSite site) {
    return b.get(site.key());
  }

  /**
   * The adapter's A and B arrays as trainable {@link Parameters} (live: an optimizer updating them
   * updates this adapter), named like {@link #tensors()}.
   */
  public Parameters trainableParameters() {
    Parameters p = new Parameters();
    for (LoraSite s : sites.values()) {
      p.add(s.nameA(), a.get(s.key()), config.r(), s.in());
      p.add(s.nameB(), b.get(s.key()), s.out(), config.r());
    }
    return p;
  }

  @Override
  public Map<String, HostTensor> tensors() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (LoraSite s : sites.values()) {
      out.put(s.nameA(), HostTensor.ofFloats(a.get(s.key()), config.r(), s.in()));
      out.put(s.nameB(), HostTensor.ofFloats(b.get(s.key()), s.out(), config.r()));
    }
    return out;
  }

  @Override
  public void load(Map<String, HostTensor> values) {
    Map<String, HostTensor> expected = tensors();
    for (Map.Entry<String, HostTensor> e : values.entrySet()) {
      HostTensor want = expected.get(e.getKey());
      if (want == null) {
        throw new ShapeException(
            "adapter '"
                + name
                + "' has no tensor '"
                + e.getKey()
                + "'; it has "
                + expected.keySet());
      }
      if (!Arrays.equals(want.shape(), e.getValue().shape())) {
        throw new ShapeException(
            "adapter tensor '"
                + e.getKey()
                + "' must have shape "
                + Arrays.toString(want.shape())
                + ", got "
                + Arrays.toString(e.getValue().shape()));
      }
    }
    for (LoraSite s : sites.values()) {
      copyInto(values.get(s.nameA()), a.get(s.key()));
      copyInto(values.get(s.nameB()), b.get(s.key()));
    }
  }

  private static void copyInto(HostTensor t, float[] dst) {
    if (t != null) {
      t.floatView().get(dst);
    }
  }
}

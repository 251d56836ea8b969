package io.visft.examples.demo;

import io.visft.api.HostTensor;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.transform.AnnotatedImage;
import io.visft.core.data.transform.Geometry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The demo's out-of-domain check: N-way K-shot episodes of cosine 1-nearest-neighbour
 * classification on mean-pooled backbone features of a held-out image domain (one folder per
 * class); mean accuracy with a 95% interval (1.96·sd/√episodes).
 */
final class HeldOutProbe {
  record Score(double mean, double halfWidth) {
    @Override
    public String toString() {
      return String.format("%.3f ± %.3f", mean, halfWidth);
    }
  }

  private final List<float[]> images = new ArrayList<>();
  private final List<Integer> labels = new ArrayList<>();
  private final List<String> classes = new ArrayList<>();
  private final int size;

  HeldOutProbe(Path root, int size) {
    this.size = size;
    ImageNormalization norm = ImageNormalization.imagenet();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        classes.add(dir.getFileName().toString());
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".png")).sorted().toList()) {
            var img = Geometry.resize(AnnotatedImage.of(ImageDecoder.decode(f), List.of()), size, size).image();
            images.add(norm.toTensor(img).toFloatArray());
            labels.add(classes.size() - 1);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the held-out images under " + root, e);
    }
  }

  int classCount() {
    return classes.size();
  }

  /** All images as {@code [N, 3, S, S]}. */
  HostTensor pixels() {
    float[] all = new float[images.size() * 3 * size * size];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i), 0, all, i * images.get(i).length, images.get(i).length);
    }
    return HostTensor.ofFloats(all, images.size(), 3, size, size);
  }

  /**
   * @param embed pixels {@code [N,3,S,S]} → one embedding per image
   */
  Score evaluate(Function<HostTensor, float[][]> embed, int ways, int shots, int queries, int episodes, long seed) {
    float[][] e = embed.apply(pixels());
    for (float[] v : e) {
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      float inv = (float) (1 / Math.sqrt(Math.max(n, 1e-12)));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] acc = new double[episodes];
    for (int ep = 0; ep < episodes; ep++) {
      List<Integer> cls = new ArrayList<>();
      for (int c = 0; c < classes.size(); c++) {
        cls.add(c);
      }
      Collections.shuffle(cls, new java.util.Random(rnd.nextLong()));
      List<Integer> support = new ArrayList<>();
      List<Integer> query = new ArrayList<>();
      for (int c : cls.subList(0, Math.min(ways, cls.size()))) {
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
          if (labels.get(i) == c) {
            members.add(i);
          }
        }
        Collections.shuffle(members, new java.util.Random(rnd.nextLong()));
        support.addAll(members.subList(0, shots));
        query.addAll(members.subList(shots, Math.min(members.size(), shots + queries)));
      }
      int correct = 0;
      for (int q : query) {
        int best = -1;
        double bestSim = Double.NEGATIVE_INFINITY;
        for (int s : support) {
          double sim = 0;
          for (int k = 0; k < e[q].length; k++) {
            sim += e[q][k] * e[s][k];
          }
          if (sim > bestSim) {
            bestSim = sim;
            best = s;
          }
        }
        correct += labels.get(best).equals(labels.get(q)) ? 1 : 0;
      }
      acc[ep] = correct / (double) query.size();
    }
    double mean = java.util.Arrays.stream(acc).average().orElse(0);
    double var = java.util.Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum() / Math.max(1, episodes - 1);
    return new Score(mean, 1.96 * Math.sqrt(var / episodes));
  }
}

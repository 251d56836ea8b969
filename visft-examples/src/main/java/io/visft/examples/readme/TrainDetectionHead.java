package io.visft.examples.readme;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.AdamW;
import io.visft.core.train.AdamWConfig;
import io.visft.core.train.Parameters;
import io.visft.heads.HeadParameterMode;
import io.visft.heads.detection.DetectionHead;
import io.visft.heads.detection.DetectionHeadConfig;
import io.visft.heads.detection.DetectionTrainingStep;
import io.visft.heads.detection.DetectionTrainingStep.DetectionInputs;
import io.visft.heads.detection.ImageTargets;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stage 1 for detection: the ViSFT DETR head trained on a frozen backbone's features. */
public final class TrainDetectionHead {
  private TrainDetectionHead() {}

  /**
   * @param features [B, D, h, w], the backbone's map of B images, none padded
   * @param targets each image's boxes, e.g. {@code ImageTargets.fromCocoXywh(size, labels, xywh,
   *     OutsideImagePolicy.CLIP)}
   * @param headFile where the trained head goes (safetensors, the released ViSFT names)
   * @return the loss of every step
   */
  public static double[] train(
      HostTensor features, List<ImageTargets> targets, int steps, Path headFile) {
    long[] s = features.shape(); // [B, D, h, w]
    DetectionHead head = DetectionHead.initialize(DetectionHeadConfig.visft((int) s[1]), 0);
    Parameters parameters = new Parameters();
    head.parameters().forEach(parameters::add);
    HostTensor noPadding =
        new HostTensor(
            DType.BOOL,
            new long[] {s[0], s[2], s[3]},
            ByteBuffer.allocate(Math.toIntExact(s[0] * s[2] * s[3])));
    int maxBoxes = Math.max(1, targets.stream().mapToInt(ImageTargets::count).max().orElse(1));
    AdamW optimizer = new AdamW(parameters, AdamWConfig.visft());
    double[] losses = new double[steps];
    try (DetectionTrainingStep step =
        DetectionTrainingStep.create(
            head,
            HeadParameterMode.TRAINABLE_INPUTS,
            maxBoxes,
            g ->
                new DetectionInputs(
                    g.input("features", DType.F32, s),
                    g.input("mask", DType.BOOL, s[0], s[2], s[3]),
                    g.input("seed", DType.I64),
                    Map.of()),
            RuntimeOptions.cpu())) {
      Map<String, HostTensor> batch = new LinkedHashMap<>(); // graph input name -> value
      batch.put("features", features);
      batch.put("mask", noPadding);
      for (int t = 0; t < steps; t++) { // DETR matches in Java, then one run
        batch.put("seed", HostTensor.ofLongs(new long[] {t})); // the dropout draws of this step
        losses[t] = step.step(parameters, batch, targets);
        optimizer.step(step.gradients(), 1e-4);
      }
    }
    head.load(parameters.toTensors());
    head.save(headFile);
    return losses;
  }
}

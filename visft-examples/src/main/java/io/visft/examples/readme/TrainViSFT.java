package io.visft.examples.readme;

import io.visft.api.HostTensor;
import io.visft.api.TaskHead;
import io.visft.api.ViSFTPipeline;
import io.visft.core.data.ImageCaptionSet;
import io.visft.core.data.InstanceSet;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.data.synthetic.SyntheticDataset;
import io.visft.core.vit.EvaConfig;
import io.visft.heads.pipeline.HeadSizes;
import io.visft.heads.pipeline.ViSFT;
import java.nio.file.Path;
import java.util.Map;

/**
 * ViSFT end to end: the three heads on the frozen backbone (stage 1), then LoRA through them (stage
 * 2).
 */
public final class TrainViSFT {
  private TrainViSFT() {}

  /**
   * @param backbone the frozen backbone's config and its weights
   * @param imageSize images are resized to {@code imageSize × imageSize}
   * @param work where a small synthetic COCO-format split (images, instances, captions) and the
   *     trained heads go
   * @return the loss of every stage-2 step
   */
  public static double[] train(
      EvaConfig backbone, Map<String, HostTensor> weights, int imageSize, Path work) {
    SyntheticDataset split =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(0, 8))
            .generate(work.resolve("data"));
    ImageCaptionSet captions =
        ImageCaptionSet.load(split.captionsJson(), split.imageDir(), imageSize);
    InstanceSet instances = InstanceSet.load(split.instancesJson(), split.imageDir(), imageSize);
    try (ViSFTPipeline pipeline =
        ViSFT.builder()
            .backbone(backbone, weights)
            .captions(captions) // trains the caption head
            .instances(instances) // the detection and segmentation heads
            .headSizes(HeadSizes.SMALL) // the paper's are HeadSizes.VISFT
            .steps(3, 3) // per stage-1 head, stage 2
            .build()) {
      pipeline.trainHeads(); // stage 1: heads on the frozen backbone
      double[] losses = pipeline.trainAdapter(); // stage 2: LoRA through the frozen heads
      for (TaskHead head : pipeline.heads()) {
        head.save(work.resolve(head.task() + ".safetensors"));
      }
      return losses;
    }
  }
}

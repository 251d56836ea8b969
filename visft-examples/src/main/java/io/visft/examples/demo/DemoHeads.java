package io.visft.examples.demo;

import io.visft.api.HostTensor;
import io.visft.core.data.ImageCaptionSet;
import io.visft.core.data.InstanceSet;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.HeadTasks;
import io.visft.heads.BackboneInput;
import io.visft.heads.caption.CaptionHead;
import io.visft.heads.caption.CaptionHeadConfig;
import io.visft.heads.caption.CaptionTasks;
import io.visft.heads.caption.Vocabulary;
import io.visft.heads.detection.DetectionHead;
import io.visft.heads.detection.DetectionHeadConfig;
import io.visft.heads.detection.DetectionLossConfig;
import io.visft.heads.detection.DetectionTasks;
import io.visft.heads.segmentation.SegmentationHead;
import io.visft.heads.segmentation.SegmentationHeadConfig;
import io.visft.heads.segmentation.SegmentationLossConfig;
import io.visft.heads.segmentation.SegmentationTasks;
import io.visft.lora.Lora;
import io.visft.lora.LoraLinearLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's three heads, scaled down from the paper's sizes to the demo's small backbone, with
 * their stage-1/stage-2 tasks on the synthetic training split.
 *
 * @param captions Show-Attend-Tell with a 64-wide attention and LSTM
 * @param detection DETR with 2 encoder and 3 decoder layers, 16 queries
 * @param segmentation Mask2Former with 1 deformable encoder and 3 decoder layers, 16 queries
 */
record DemoHeads(CaptionTasks captions, DetectionTasks detection, SegmentationTasks segmentation) {

  /** Most objects a synthetic in-domain image holds. */
  private static final int MAX_OBJECTS = 4;

  static DemoHeads create(DemoConfig c, Map<String, HostTensor> weights, ImageCaptionSet captionSet, InstanceSet instances,
      Lora lora, RuntimeOptions rt) {
    BackboneInput backbone = new BackboneInput(c.backbone(), weights, null);
    int width = c.backbone().embedDim();
    List<String> corpus = new ArrayList<>();
    captionSet.captions().forEach(corpus::addAll);
    Vocabulary vocab = Vocabulary.visft(corpus);
    int grid = c.imageSize() / c.backbone().patchSize();
    CaptionHead caption = CaptionHead.initialize(new CaptionHeadConfig(width, 64, 64, 96, vocab.size(), 12, grid, 0.5, 1.0),
        vocab, c.seed());
    DetectionHead detection = DetectionHead.initialize(new DetectionHeadConfig(width, 32, 64, 4, 2, 3, 128, 16,
        1 + Math.toIntExact(instances.categoryIds().get(instances.categoryIds().size() - 1)), 0.1, 4, 0,
        DetectionLossConfig.detr()), c.seed());
    SegmentationHead segmentation = SegmentationHead.initialize(new SegmentationHeadConfig(width, 64, 4, 8, 1, 4, 128, 3, 128,
        16, instances.categoryIds().size(), 32), c.seed());
    return new DemoHeads(
        new CaptionTasks(caption, backbone, captionSet, c.batchSize(), () -> new LoraLinearLayer(lora, null), rt),
        new DetectionTasks(detection, backbone, instances, c.batchSize(), MAX_OBJECTS, () -> new LoraLinearLayer(lora, null), rt),
        new SegmentationTasks(segmentation, SegmentationLossConfig.visft(MAX_OBJECTS).withPoints(1024, 512), backbone, instances,
            c.batchSize(), () -> new LoraLinearLayer(lora, null), c.seed(), rt));
  }

  List<HeadTasks> all() {
    return List.of(captions, detection, segmentation);
  }
}

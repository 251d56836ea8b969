import io.visft.api.HostTensor;
import io.visft.api.Task;
import io.visft.core.data.InstanceSet;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.train.TwoStagePipeline;
import io.visft.core.train.TwoStagePipeline.StageConfig;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import io.visft.core.vit.EvaWeightNames;
import io.visft.heads.pipeline.HeadSizes;
import io.visft.heads.pipeline.ViSFTHeads;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraLinearLayer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One detection training batch, from reading a COCO-format split to the AdamW update of the head,
 * for counting the library classes that path loads (tools/trace/count.sh).
 *
 * <ul>
 *   <li>{@code generate DIR}: writes a small synthetic COCO-format split into DIR (run in its own
 *       JVM, so the generator's classes are not counted);
 *   <li>{@code train DIR}: reads DIR/instances.json and DIR/images, builds the detection head's
 *       stage-1 task with the paper's augmentations on a tiny random backbone, and runs one step.
 * </ul>
 */
public final class DetectionBatchTrace {
  private static final EvaConfig BACKBONE =
      new EvaConfig(64, 2, 4, 128, 4, 4, false, EvaConfig.EVA_LAYER_NORM_EPS);
  private static final int IMAGE_SIZE = 16;
  private static final long SEED = 7;

  private DetectionBatchTrace() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[1]);
    if (args[0].equals("generate")) {
      new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(0, 4)).generate(dir);
      return;
    }
    InstanceSet instances =
        InstanceSet.load(dir.resolve("instances.json"), dir.resolve("images"), IMAGE_SIZE);
    Map<String, HostTensor> weights = EvaInit.random(BACKBONE, 1);
    Lora adapter =
        Lora.create("visft", LoraConfig.visft(), EvaWeightNames.linearModules(BACKBONE), SEED);
    ViSFTHeads heads =
        ViSFTHeads.builder()
            .backbone(BACKBONE, weights)
            .instances(instances)
            .tasks(List.of(Task.DETECTION))
            .adapter(() -> new LoraLinearLayer(adapter, null))
            .headSizes(HeadSizes.SMALL)
            .augment(true)
            .seed(SEED)
            .build();
    StageConfig oneStep = new StageConfig(1, 5e-5, 0, 0.1, 0, 1);
    TwoStagePipeline pipeline =
        new TwoStagePipeline(
            heads.all(),
            adapter,
            adapter.trainableParameters(),
            task -> oneStep,
            oneStep,
            Map.of(Task.DETECTION.configName(), 1.0),
            null,
            SEED);
    System.out.println(
        "detection loss of the batch: "
            + pipeline.trainHeads().get(Task.DETECTION.configName())[0]);
  }
}

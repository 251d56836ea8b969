package io.visft.examples.readme;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.AdamW;
import io.visft.core.train.AdamWConfig;
import io.visft.core.train.LearningRateSchedule;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingSession;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaWeightNames;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraLinearLayer;
import io.visft.lora.format.PeftLoraFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LoRA on q and v of a frozen EVA backbone, trained to bring its features to a target, saved as
 * PEFT.
 */
public final class TrainLora {
  private TrainLora() {}

  /**
   * @param weights the frozen backbone, e.g. {@code EvaWeightsFile.weights()}
   * @param pixels [B, 3, H, W]
   * @param target [B, D, H/p, W/p], what the features should become
   * @param adapterDir where the trained adapter goes, as a PEFT folder
   * @return the loss of every step
   */
  public static double[] train(
      EvaConfig config,
      Map<String, HostTensor> weights,
      HostTensor pixels,
      HostTensor target,
      int steps,
      Path adapterDir) {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value px = g.input("pixel_values", DType.F32, pixels.shape());
    Value goal = g.input("target", DType.F32, target.shape());
    Lora lora = Lora.create("mine", LoraConfig.visft(), EvaWeightNames.linearModules(config), 0);
    LoraLinearLayer layer = new LoraLinearLayer(lora, null);
    Value features =
        EvaBackbone.build(g, config, weights, px, layer); // frozen weights, LoRA on q and v
    Value error = o.sub(features, goal);
    Value loss =
        o.reduceMean(o.mul(error, error), false, 0, 1, 2, 3); // in ViSFT: a frozen head's loss
    Parameters parameters = lora.trainableParameters(); // views of the adapter's A and B
    AdamW optimizer = new AdamW(parameters, AdamWConfig.visft());
    LearningRateSchedule schedule =
        LearningRateSchedule.warmupCosine(1e-3, 1, steps); // the paper: 2000 warm-up steps
    Map<String, HostTensor> batch = new LinkedHashMap<>(); // graph input name -> value
    batch.put("pixel_values", pixels);
    batch.put("target", target);
    double[] losses = new double[steps];
    try (TrainingSession step =
        TrainingSession.create(loss, layer.trainableInputs(), Map.of(), RuntimeOptions.cpu())) {
      for (int t = 0; t < steps; t++) {
        losses[t] = step.step(parameters, batch);
        optimizer.step(step.gradients(), schedule.at(t));
      }
    }
    PeftLoraFormat.write(lora, adapterDir);
    return losses;
  }
}

package io.visft.core.train;

import io.visft.api.NumericException;
import io.visft.api.StepMetrics;
import io.visft.api.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: each step draws a task by ratio, runs its forward and backward pass, clips the
 * global gradient norm, updates the parameters, reports metrics and, every N steps, writes an
 * atomic checkpoint. With {@link TrainerConfig#accumulateSteps()} {@code k > 1} a step runs {@code
 * k} micro-batches of the drawn task and updates once with the mean of their gradients (and reports
 * the mean of their losses): the effective batch of a batch of {@code k} times the size. The
 * schedule, the metrics and the checkpoints count optimizer steps, so a checkpoint never falls
 * inside an accumulation. A run whose checkpoint folder holds a checkpoint resumes from it and
 * reproduces the uninterrupted run's losses exactly. A NaN or infinite loss stops the run naming
 * the step and task; the last good checkpoint is kept. Listeners hear the run's first step, every
 * step's metrics, and each checkpoint before it is written. The trainer uses the tasks but does not
 * close them: whoever opened them does. Not thread-safe.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final TrainerConfig config;
  private final Parameters parameters;
  private final Optimizer optimizer;
  private final Map<String, TrainingTask> tasks = new LinkedHashMap<>();
  private final List<TrainingListener> listeners = new ArrayList<>();

  public Trainer(
      TrainerConfig config,
      Parameters parameters,
      Optimizer optimizer,
      List<TrainingTask> taskList) {
    this.config = config;
    this.parameters = parameters;
    this.optimizer = optimizer;
    taskList.forEach(t -> tasks.put(t.name(), t));
    for (String name : config.taskRatios().keySet()) {
      if (!tasks.containsKey(name)) {
        throw new io.visft.api.ConfigException(
            "task ratio names '" + name + "' but the tasks are " + tasks.keySet());
      }
    }
  }

  public Trainer addListener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  /**
   * Runs (or resumes) to {@link TrainerConfig#totalSteps()}.
   *
   * @return the losses of the steps run by this call, in order
   * @throws NumericException when a loss is NaN or infinite (naming the step and the task)
   */
  public double[] run() {
    long start = resume();
    List<String> drawn = new ArrayList<>(new TreeSet<>(config.taskRatios().keySet()));
    listeners.forEach(l -> l.onStart(start, drawn));
    TaskSampler sampler = new TaskSampler(config.taskRatios(), config.seed());
    double[] losses = new double[(int) (config.totalSteps() - start)];
    for (long step = start; step < config.totalSteps(); step++) {
      long t0 = System.nanoTime();
      int k = config.accumulateSteps();
      String name = sampler.taskAt(step);
      TrainingTask task = tasks.get(name);
      GradientAccumulator accumulator = new GradientAccumulator(k);
      Map<String, float[]> gradients = null;
      double loss = 0;
      for (int micro = 0; micro < k; micro++) {
        double microLoss = task.step(parameters, step * k + micro);
        if (!Double.isFinite(microLoss)) {
          throw new NumericException(
              "step "
                  + step
                  + (k > 1 ? " (micro-batch " + micro + " of " + k + ")" : "")
                  + ", task '"
                  + name
                  + "': the loss is "
                  + microLoss
                  + "; training stopped"
                  + (config.checkpointEvery() > 0
                      ? " and the last good checkpoint in " + config.checkpointDir() + " was kept"
                      : "")
                  + ". Lower the learning rate or check the task's data.");
        }
        if (k == 1) {
          loss = microLoss;
          gradients = task.gradients();
        } else {
          loss += microLoss / k;
          if (accumulator.add(task.gradients())) {
            gradients = accumulator.takeMean();
          }
        }
      }
      double norm = GradientClipping.clipGlobalNorm(gradients, config.clipNorm());
      double lr = config.schedule().at(step);
      optimizer.step(gradients, lr);
      losses[(int) (step - start)] = loss;
      StepMetrics m = new StepMetrics(step, name, loss, lr, norm, (System.nanoTime() - t0) / 1e9);
      listeners.forEach(l -> l.onStep(m));
      boolean last = step + 1 == config.totalSteps();
      if (config.checkpointEvery() > 0 && ((step + 1) % config.checkpointEvery() == 0 || last)) {
        checkpoint(step + 1);
      }
    }
    return losses;
  }

  private long resume() {
    if (config.checkpointEvery() == 0) {
      return 0;
    }
    ResumePoint.removeStale(config.checkpointDir())
        .forEach(p -> LOG.info("removed {}, left by an interrupted write", p));
    Optional<ResumePoint> ckpt = ResumePoint.latest(config.checkpointDir());
    if (ckpt.isEmpty()) {
      return 0;
    }
    ResumePoint c = ckpt.get();
    parameters.load(c.parameters());
    optimizer.restore(c.optimizerState());
    c.dataPositions()
        .forEach(
            (name, pos) -> {
              TrainingTask t = tasks.get(name);
              if (t != null) {
                t.seek(pos);
              }
            });
    LOG.info("resuming from {} at step {}", config.checkpointDir(), c.step());
    return c.step();
  }

  private void checkpoint(long nextStep) {
    Map<String, Map<String, Long>> positions = new LinkedHashMap<>();
    tasks.forEach((name, t) -> positions.put(name, t.dataPosition()));
    listeners.forEach(l -> l.beforeCheckpoint(nextStep));
    new ResumePoint(nextStep, parameters.toTensors(), optimizer.state(), positions)
        .write(config.checkpointDir());
  }
}

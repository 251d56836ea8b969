package io.visft.examples.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.api.StepMetrics;
import io.visft.api.TrainingListener;
import io.visft.api.ViSFTException;
import io.visft.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends one JSON object per step to a JSONL file, keys in this order: {@code stage}, {@code
 * step}, {@code task}, {@code loss}, {@code lr}, {@code grad_norm}, {@code seconds} (the step's
 * wall time).
 *
 * <p>Crash-consistent with the run's checkpoints: each line reaches the operating system when its
 * step ends and the disk before the next checkpoint is written, so a killed run loses no step its
 * checkpoint covers. When a run starts at step {@code s} (0 when fresh, the checkpoint's step when
 * resumed), the lines its steps {@code s} and later left before (from an interrupted or earlier run
 * of the same stage and tasks), and a line cut off by a kill, are removed, so a resumed run
 * continues the file without gaps or duplicates. Not thread-safe.
 */
public final class MetricsFile implements TrainingListener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String stage;
  private FileChannel channel;

  /**
   * @param file the JSONL file, created if absent
   * @param stage the value of every line's {@code stage} key ({@code stage1}, {@code stage2})
   */
  public MetricsFile(Path file, String stage) {
    this.file = file;
    this.stage = stage;
  }

  @Override
  public void onStart(long firstStep, List<String> tasks) {
    closeChannel();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      MetricsLines.Kept kept =
          MetricsLines.keep(
              Files.exists(file) ? Files.readAllBytes(file) : new byte[0],
              line ->
                  !(stage.equals(line.path("stage").asText())
                      && tasks.contains(line.path("task").asText())
                      && line.path("step").asLong() >= firstStep));
      if (!kept.isPrefix()) {
        AtomicFiles.write(file, ch -> ch.write(ByteBuffer.wrap(kept.bytes())));
      }
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      if (kept.isPrefix() && channel.size() > kept.bytes().length) {
        channel.truncate(kept.bytes().length);
        channel.force(false);
      }
      channel.position(channel.size());
    } catch (IOException e) {
      throw new ViSFTException(
          "cannot open metrics file "
              + file
              + ": "
              + e.getMessage()
              + " (check that the output folder is writable)",
          e);
    }
  }

  @Override
  public void onStep(StepMetrics m) {
    if (channel == null) {
      throw new IllegalStateException(
          "metrics of step " + m.step() + " before the run started; onStart comes first");
    }
    ObjectNode line = JSON.createObjectNode();
    line.put("stage", stage);
    line.put("step", m.step());
    line.put("task", m.task());
    line.put("loss", m.loss());
    line.put("lr", m.learningRate());
    line.put("grad_norm", m.gradientNorm());
    line.put("seconds", m.secondsPerStep());
    try {
      ByteBuffer bytes =
          ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      throw new ViSFTException(
          "cannot write to metrics file "
              + file
              + ": "
              + e.getMessage()
              + " (check free space on its disk)",
          e);
    }
  }

  @Override
  public void beforeCheckpoint(long nextStep) {
    try {
      if (channel != null) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new ViSFTException(
          "cannot flush metrics file "
              + file
              + " before the checkpoint of step "
              + nextStep
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() {
    closeChannel();
  }

  private void closeChannel() {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      throw new ViSFTException("cannot close metrics file " + file + ": " + e.getMessage(), e);
    } finally {
      channel = null;
    }
  }
}

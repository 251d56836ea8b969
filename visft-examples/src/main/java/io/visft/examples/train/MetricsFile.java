package io.visft.examples.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.StepMetrics;
import io.visft.api.TrainingListener;
import io.visft.api.ViSFTException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** Appends one JSON object per step to a JSONL file (stage, step, task, loss, lr, gradient norm, seconds). */
public final class MetricsFile implements TrainingListener, AutoCloseable {
  private final ObjectMapper json = new ObjectMapper();
  private final BufferedWriter writer;
  private final String stage;

  public MetricsFile(Path file, String stage) {
    this.stage = stage;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new ViSFTException("cannot open metrics file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void onStep(StepMetrics m) {
    try {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("stage", stage);
      line.put("step", m.step());
      line.put("task", m.task());
      line.put("loss", m.loss());
      line.put("lr", m.learningRate());
      line.put("grad_norm", m.gradientNorm());
      line.put("seconds", m.secondsPerStep());
      writer.write(json.writeValueAsString(line));
      writer.newLine();
    } catch (IOException e) {
      throw new ViSFTException("cannot write metrics: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new ViSFTException("cannot close metrics file: " + e.getMessage(), e);
    }
  }
}

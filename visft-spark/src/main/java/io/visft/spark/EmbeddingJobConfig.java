package io.visft.spark;

import io.visft.api.ConfigException;
import io.visft.core.data.BadSamplePolicy;
import java.io.Serializable;

/**
 * Settings of {@link EmbeddingJob}. Immutable and serializable (it travels to the executors).
 *
 * @param model the backbone and adapter files
 * @param imageSize side images are resized to, a multiple of the backbone's patch size
 * @param batchSize images per ONNX Runtime call on an executor, positive
 * @param onBadImage what a partition does with an image that cannot be decoded, as {@code train}'s
 *     {@code on_bad_image}: {@code SKIP} leaves it out and reports it in the job's result, {@code
 *     FAIL} fails the job naming the file
 * @param device ONNX Runtime device on the executors ({@code cpu}, {@code cuda}, {@code cuda:N})
 */
public record EmbeddingJobConfig(
    ModelFiles model, int imageSize, int batchSize, BadSamplePolicy onBadImage, String device)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public EmbeddingJobConfig {
    if (model == null || onBadImage == null || device == null) {
      throw new ConfigException(
          "embedding job: model, onBadImage and device are required, got model="
              + model
              + ", onBadImage="
              + onBadImage
              + ", device="
              + device);
    }
    if (imageSize <= 0) {
      throw new ConfigException("embedding job: image size must be positive, got " + imageSize);
    }
    if (batchSize <= 0) {
      throw new ConfigException("embedding job: batch size must be positive, got " + batchSize);
    }
  }
}

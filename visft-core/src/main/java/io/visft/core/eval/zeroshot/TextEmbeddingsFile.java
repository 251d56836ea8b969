package io.visft.core.eval.zeroshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.io.StrictJson;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Precomputed text embeddings stored as safetensors: one tensor {@value #TENSOR} {@code [N, E]}
 * (F32, or F16/BF16 widened on read) and, in the file's {@code __metadata__}, the entry {@value
 * #TEXTS_KEY} holding a JSON list of the N texts in row order (class names, or captions), all
 * distinct. For class names the rows are the finished class embeddings (prompts already averaged).
 * Stateless.
 *
 * <p>To write one from Python: {@code safetensors.torch.save_file({"embeddings": e}, path,
 * metadata={"visft.texts": json.dumps(names)})}.
 */
public final class TextEmbeddingsFile {
  /** The tensor name. */
  public static final String TENSOR = "embeddings";

  /** The metadata key of the texts. */
  public static final String TEXTS_KEY = "visft.texts";

  private TextEmbeddingsFile() {}

  /**
   * Reads {@code file}.
   *
   * @throws FileFormatException naming the file and the field when the tensor or the texts are
   *     missing, malformed, of different counts or repeated
   */
  public static TextEmbeddings read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new FileFormatException(
          "text embeddings file "
              + file
              + " does not exist; expected safetensors with a tensor '"
              + TENSOR
              + "' [N, E] and metadata '"
              + TEXTS_KEY
              + "'");
    }
    try (SafetensorsFile in = SafetensorsFile.open(file)) {
      if (!in.names().contains(TENSOR)) {
        throw new FileFormatException(
            "text embeddings file "
                + file
                + " has no tensor '"
                + TENSOR
                + "' (it holds "
                + in.names()
                + "); store the [N, E] embeddings under that name");
      }
      long[] shape = in.shape(TENSOR);
      if (shape.length != 2 || shape[0] < 1 || shape[1] < 1) {
        throw new FileFormatException(
            "text embeddings file "
                + file
                + ": tensor '"
                + TENSOR
                + "' has shape "
                + Arrays.toString(shape)
                + "; expected [N, E] with N, E >= 1");
      }
      List<String> texts = texts(file, in.metadata().get(TEXTS_KEY));
      if (texts.size() != shape[0]) {
        throw new FileFormatException(
            "text embeddings file "
                + file
                + ": metadata '"
                + TEXTS_KEY
                + "' lists "
                + texts.size()
                + " texts but tensor '"
                + TENSOR
                + "' has "
                + shape[0]
                + " rows; give one text per row");
      }
      float[] values = in.tensorF32(TENSOR).toFloatArray();
      return new TextEmbeddings(
          texts, new FeatureMatrix((int) shape[0], (int) shape[1], values), file.toString());
    }
  }

  /** Writes {@code embeddings} to {@code file} (atomically) in the format {@link #read} reads. */
  public static void write(Path file, TextEmbeddings embeddings) {
    FeatureMatrix v = embeddings.vectors();
    String texts;
    try {
      texts = new ObjectMapper().writeValueAsString(embeddings.texts());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write texts as JSON", e);
    }
    SafetensorsWriter.write(
        file,
        Map.of(TENSOR, HostTensor.ofFloats(v.values(), v.rows(), v.dim())),
        Map.of(TEXTS_KEY, texts, "format", "pt"));
  }

  private static List<String> texts(Path file, String json) {
    if (json == null) {
      throw new FileFormatException(
          "text embeddings file "
              + file
              + " lacks the metadata entry '"
              + TEXTS_KEY
              + "': a JSON list of the class names or captions, one per row of '"
              + TENSOR
              + "'");
    }
    JsonNode node;
    try {
      node = StrictJson.readTree(new ObjectMapper(), json);
    } catch (JsonProcessingException e) {
      throw new FileFormatException(
          "text embeddings file "
              + file
              + ": metadata '"
              + TEXTS_KEY
              + "' is not JSON: "
              + e.getOriginalMessage(),
          e);
    }
    if (node == null || !node.isArray()) {
      throw new FileFormatException(
          "text embeddings file "
              + file
              + ": metadata '"
              + TEXTS_KEY
              + "' must be a JSON list of strings, got "
              + json);
    }
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode t : node) {
      if (!t.isTextual()) {
        throw new FileFormatException(
            "text embeddings file "
                + file
                + ": metadata '"
                + TEXTS_KEY
                + "' entry "
                + out.size()
                + " is "
                + t
                + ", not a string");
      }
      if (!seen.add(t.asText())) {
        throw new FileFormatException(
            "text embeddings file "
                + file
                + ": metadata '"
                + TEXTS_KEY
                + "' lists '"
                + t.asText()
                + "' twice; each text may have one row only");
      }
      out.add(t.asText());
    }
    return out;
  }
}

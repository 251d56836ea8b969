package io.visft.core.eval.zeroshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.io.safetensors.SafetensorsWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The precomputed text-embedding file: round trip and the errors for each broken rule. */
class TextEmbeddingsFileTest {
  @TempDir Path dir;

  @Test
  void roundTrips() {
    Path file = dir.resolve("classes.safetensors");
    TextEmbeddings written =
        new TextEmbeddings(
            List.of("cat", "dog \"big\""),
            new FeatureMatrix(2, 3, new float[] {1, 2, 3, 4, 5, 6}),
            "memory");
    TextEmbeddingsFile.write(file, written);
    TextEmbeddings read = TextEmbeddingsFile.read(file);
    assertEquals(written.texts(), read.texts());
    assertArrayEquals(written.vectors().values(), read.vectors().values());
    assertEquals(file.toString(), read.source());
  }

  @Test
  void missingTextsNameTheFileAndTheKey() {
    Path file = dir.resolve("no_names.safetensors");
    SafetensorsWriter.write(
        file, Map.of("embeddings", HostTensor.ofFloats(new float[4], 2, 2)), Map.of());
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> TextEmbeddingsFile.read(file));
    assertTrue(
        e.getMessage().contains(file.toString()) && e.getMessage().contains("visft.texts"),
        e.getMessage());
  }

  @Test
  void countMismatchRepeatsAndMissingTensorAreRejected() {
    Path counts = dir.resolve("counts.safetensors");
    SafetensorsWriter.write(
        counts,
        Map.of("embeddings", HostTensor.ofFloats(new float[4], 2, 2)),
        Map.of("visft.texts", "[\"a\"]"));
    assertTrue(
        assertThrows(FileFormatException.class, () -> TextEmbeddingsFile.read(counts))
            .getMessage()
            .contains("lists 1 texts but tensor 'embeddings' has 2 rows"));
    Path repeats = dir.resolve("repeats.safetensors");
    SafetensorsWriter.write(
        repeats,
        Map.of("embeddings", HostTensor.ofFloats(new float[4], 2, 2)),
        Map.of("visft.texts", "[\"a\", \"a\"]"));
    assertTrue(
        assertThrows(FileFormatException.class, () -> TextEmbeddingsFile.read(repeats))
            .getMessage()
            .contains("'a' twice"));
    Path wrongName = dir.resolve("wrong.safetensors");
    SafetensorsWriter.write(
        wrongName,
        Map.of("text_embeds", HostTensor.ofFloats(new float[4], 2, 2)),
        Map.of("visft.texts", "[\"a\", \"b\"]"));
    assertTrue(
        assertThrows(FileFormatException.class, () -> TextEmbeddingsFile.read(wrongName))
            .getMessage()
            .contains("no tensor 'embeddings'"));
    assertTrue(
        assertThrows(
                FileFormatException.class,
                () -> TextEmbeddingsFile.read(dir.resolve("absent.safetensors")))
            .getMessage()
            .contains("does not exist"));
  }
}

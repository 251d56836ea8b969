package io.visft.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrictJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void readsOneValueWithTrailingWhitespace() throws IOException {
    assertEquals(
        MAPPER.readTree("{\"a\": [1, 2]}"), StrictJson.readTree(MAPPER, "{\"a\": [1, 2]}  \n\t"));
    assertEquals(MissingNode.getInstance(), StrictJson.readTree(MAPPER, " "));
  }

  @Test
  void refusesASecondValueOrGarbageAfterTheFirst() throws IOException {
    String second =
        assertThrows(
                JsonProcessingException.class,
                () -> StrictJson.readTree(MAPPER, "{\"a\": 1}\n{\"b\": 2}"))
            .getOriginalMessage();
    assertEquals(
        "content follows the end of the JSON value (START_OBJECT); a file holds exactly one value: "
            + "remove what follows it",
        second);
    Path file = Files.writeString(tmp.resolve("suite.json"), "[1] garbage");
    assertThrows(
        JsonProcessingException.class,
        () -> StrictJson.readTree(MAPPER, MAPPER.createParser(file.toFile())));
  }
}

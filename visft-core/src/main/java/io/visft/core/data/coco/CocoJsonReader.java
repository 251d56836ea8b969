package io.visft.core.data.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.FileFormatException;
import io.visft.core.io.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ObjIntConsumer;

/**
 * Streams COCO JSON files: the top level is walked token by token and only one array element is
 * held as a tree at a time, so files of hundreds of megabytes read in bounded memory.
 */
final class CocoJsonReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private CocoJsonReader() {}

  /** Reads an annotation file into validated parts. */
  static CocoDataset readDataset(Path file) {
    String name = file.getFileName().toString();
    CocoElementParser parser = new CocoElementParser(name);
    List<CocoImage> images = new ArrayList<>();
    List<CocoCategory> categories = new ArrayList<>();
    List<InstanceAnnotation> instances = new ArrayList<>();
    List<CaptionAnnotation> captions = new ArrayList<>();
    try (JsonParser json = FACTORY.createParser(file.toFile())) {
      expect(json, json.nextToken(), JsonToken.START_OBJECT, name, "the top level");
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String section = json.currentName();
        json.nextToken();
        switch (section) {
          case "images" -> readArray(json, name, section, (n, i) -> images.add(parser.image(n, i)));
          case "categories" ->
              readArray(json, name, section, (n, i) -> categories.add(parser.category(n, i)));
          case "annotations" ->
              readArray(
                  json,
                  name,
                  section,
                  (n, i) -> {
                    if (CocoElementParser.isCaption(n)) {
                      captions.add(parser.caption(n, i));
                    } else {
                      instances.add(parser.instance(n, i));
                    }
                  });
          default -> json.skipChildren();
        }
      }
      StrictJson.requireEnd(json);
    } catch (JsonProcessingException malformed) {
      throw malformedJson(name, malformed);
    } catch (IOException io) {
      throw new UncheckedIOException("cannot read COCO annotations " + file, io);
    }
    return CocoDataset.build(
        name,
        images,
        categories,
        instances,
        captions,
        problem -> new FileFormatException(name + ": " + problem));
  }

  /** Reads a result file: a top-level array of detections. */
  static List<CocoDetection> readResults(Path file) {
    String name = file.getFileName().toString();
    CocoElementParser parser = new CocoElementParser(name);
    List<CocoDetection> detections = new ArrayList<>();
    try (JsonParser json = FACTORY.createParser(file.toFile())) {
      json.nextToken();
      readArray(json, name, "the top level", (n, i) -> detections.add(parser.detection(n, i)));
      StrictJson.requireEnd(json);
    } catch (JsonProcessingException malformed) {
      throw malformedJson(name, malformed);
    } catch (IOException io) {
      throw new UncheckedIOException("cannot read COCO results " + file, io);
    }
    return detections;
  }

  private static void readArray(
      JsonParser json, String file, String section, ObjIntConsumer<JsonNode> element)
      throws IOException {
    expect(json, json.currentToken(), JsonToken.START_ARRAY, file, section);
    int index = 0;
    while (json.nextToken() != JsonToken.END_ARRAY) {
      expect(
          json, json.currentToken(), JsonToken.START_OBJECT, file, section + " element " + index);
      element.accept(MAPPER.readTree(json), index++);
    }
  }

  private static void expect(
      JsonParser json, JsonToken actual, JsonToken expected, String file, String where) {
    if (actual != expected) {
      throw new FileFormatException(
          String.format(
              "%s: %s is %s at line %d, column %d; expected %s",
              file,
              where,
              actual == null ? "missing" : describe(actual),
              json.currentLocation().getLineNr(),
              json.currentLocation().getColumnNr(),
              describe(expected)));
    }
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> "a JSON object";
      case START_ARRAY -> "a JSON array";
      default -> "a JSON " + token.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }

  private static FileFormatException malformedJson(String file, JsonProcessingException cause) {
    return new FileFormatException(
        String.format(
            "%s: not valid JSON at line %d, column %d: %s",
            file,
            cause.getLocation() == null ? -1 : cause.getLocation().getLineNr(),
            cause.getLocation() == null ? -1 : cause.getLocation().getColumnNr(),
            cause.getOriginalMessage()),
        cause);
  }
}

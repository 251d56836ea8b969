package io.visft.examples.train;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import io.visft.core.io.StrictJson;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads a {@link TrainConfig} from JSON (snake_case field names, unknown fields rejected); relative
 * paths are resolved against the file's folder.
 */
public final class TrainConfigFile {

  /** The format, as shown by {@code visft train --help}. */
  public static final String FORMAT =
      """
      Config file (JSON; unknown fields are rejected; relative paths are resolved against the file's folder):
        backbone.arch               preset (eva-vit-g-14, eva-vit-e-14) or an EVA config JSON (required)
        backbone.weights            timm safetensors or PyTorch .pt/.pth checkpoint (required)
        backbone.allow_lavis_layout accept LAVIS's 39-block eva_vit_g.pth without final norm (false)
        data.images                 folder the annotations' file_name entries are relative to
        data.instances              COCO instances JSON (needed for detection and segmentation)
        data.captions               COCO captions JSON (needed for captioning)
        data.image_size             side of the square training images, a multiple of the patch (224)
        data.augment                detection: flip + multi-scale resize/crop (DETR), segmentation: flip + large-scale
                                    jitter (Mask2Former), both scaled to image_size; captioning: fixed resize (true)
        data.keep_in_memory         decode the splits once and keep them (true), or decode each batch's images in the
                                    background (false: any split size)
        data.on_bad_image           "fail" (stop, naming the file and image id) or "skip" (warn, take the next image)
        heads.size                  "visft" (the paper's head sizes) or "small" (the demo's) ("visft")
        heads.tasks                 heads to train, from ["caption", "detection", "segmentation"] (all three)
        stage1.<task>.steps         stage-1 steps of that head (required for every trained head)
        stage1.<task>.learning_rate peak rate (caption 4e-4, detection and segmentation 5e-5)
        stage1.<task>.warmup_steps  linear warm-up before the half-cosine decay (2000)
        stage2.steps                LoRA steps, one task per step (required)
        stage2.learning_rate        peak rate (1e-5)
        stage2.warmup_steps         (2000)
        stage2.ratios               task draw ratios ({"caption": 0.4, "segmentation": 0.3, "detection": 0.3})
        stage2.lora.r / .alpha / .dropout   LoRA on q and v of every qkv (64 / 1 / 0)
        batch_size (8), clip_norm (0.1), checkpoint_every (500; 0 = none), seed (0),
        accumulate_steps            micro-batches of batch_size averaged into one optimizer step; steps, warm-up and
                                    checkpoint_every count optimizer steps (1 = no accumulation)
        device ("cpu", "cuda" or "cuda:N"), output (folder; required)
        activation_recompute        "on": stage 2 recomputes each backbone block in the backward pass instead of
                                    keeping its activations (less memory, one more forward pass), "off", or "auto"
                                    (on when the kept activations would exceed 1 GiB) ("auto")
        compute_precision           "fp16" or "bf16": the backbone's frozen-weight products in 16 bits, norms,
                                    softmax, losses and LoRA in F32 (CUDA only), or "fp32" ("fp32")
        frozen_weights              "fp32" (the backbone's linear weights as stored) or "int8" (quantized once at
                                    load per output channel, products on ONNX Runtime's integer kernels; CPU only)
                                    ("fp32")
      Example: {"backbone": {"arch": "eva-vit-g-14", "weights": "eva_vit_g.safetensors"},
                "data": {"images": "coco/train2017", "instances": "instances_small.json",
                         "captions": "captions_small.json"},
                "stage1": {"caption": {"steps": 20000}, "detection": {"steps": 20000},
                           "segmentation": {"steps": 20000}},
                "stage2": {"steps": 10000}, "output": "runs/visft"}""";

  /**
   * Strict: no unknown fields, no trailing content, and no coercion ({@code 3.7} or {@code "3"} is
   * not an integer).
   */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  /** Longest value quoted in a message. */
  private static final int MAX_QUOTED = 40;

  private TrainConfigFile() {}

  /**
   * @throws ConfigException naming the file and the field that is unknown, missing or invalid, with
   *     the expected type or the allowed names
   * @throws FileFormatException when the file cannot be read or is not JSON
   */
  public static TrainConfig read(Path file) {
    JsonNode tree;
    try {
      tree = StrictJson.readTree(MAPPER, MAPPER.createParser(file.toFile()));
    } catch (JsonProcessingException e) {
      throw new FileFormatException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new FileFormatException(
          "cannot read the train config " + file + ": " + e.getMessage(), e);
    }
    if (!tree.isObject()) {
      throw new FileFormatException(
          file
              + ": expected a JSON object of train config fields, got "
              + (tree.isMissingNode()
                  ? "an empty file"
                  : tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    requireKnownFields(file, tree, TrainConfig.class, "");
    TrainConfig raw;
    try {
      raw = MAPPER.treeToValue(tree, TrainConfig.class);
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof ConfigException c) {
        throw new ConfigException(file + ": " + c.getMessage(), c);
      }
      JsonNode value = tree.at(pointer(e));
      throw new ConfigException(
          file + ": field '" + path(e) + "' = " + quote(value) + ": expected " + expected(e), e);
    } catch (JsonProcessingException e) {
      throw new FileFormatException(file + " is not a train config: " + e.getOriginalMessage(), e);
    }
    return resolve(raw, file.toAbsolutePath().getParent());
  }

  /**
   * Fails on a field that no record component declares, naming the ones allowed there. Checked on
   * the tree first, because Jackson reports unknown fields of a record only after constructing it,
   * so a misspelt required field would read as a missing one.
   */
  private static void requireKnownFields(Path file, JsonNode node, Class<?> type, String path) {
    if (!type.isRecord() || !node.isObject()) {
      return;
    }
    Map<String, RecordComponent> components = new TreeMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      components.put(SNAKE.translate(c.getName()), c);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      String at = path.isEmpty() ? name : path + "." + name;
      RecordComponent c = components.get(name);
      if (c == null) {
        throw new ConfigException(
            file
                + ": unknown field '"
                + at
                + "'; the fields allowed there are "
                + components.keySet()
                + " (see 'visft train --help')");
      }
      requireKnownFields(file, node.get(name), c.getType(), at);
    }
  }

  /** What a field of the exception's target type must hold. */
  private static String expected(JsonMappingException e) {
    Class<?> type =
        e instanceof MismatchedInputException m
            ? m.getTargetType()
            : e.getCause() instanceof InputCoercionException c ? c.getTargetType() : null;
    if (type == Integer.class || type == int.class) {
      return "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }
    if (type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class || type == Path.class) {
      return "a string";
    }
    return type != null && List.class.isAssignableFrom(type)
        ? "a list"
        : "an object (see 'visft train --help')";
  }

  private static String quote(JsonNode value) {
    String text = value.isMissingNode() ? "?" : value.toString();
    return text.length() <= MAX_QUOTED
        ? text
        : text.substring(0, MAX_QUOTED) + "… (" + text.length() + " characters)";
  }

  private static JsonPointer pointer(JsonMappingException e) {
    JsonPointer p = JsonPointer.empty();
    for (JsonMappingException.Reference r : e.getPath()) {
      p =
          r.getFieldName() != null
              ? p.appendProperty(r.getFieldName())
              : p.appendIndex(r.getIndex());
    }
    return p;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static TrainConfig resolve(TrainConfig c, Path base) {
    TrainConfig.Backbone b = c.backbone();
    TrainConfig.Data d = c.data();
    String arch =
        b.arch().endsWith(".json") ? resolve(base, Path.of(b.arch())).toString() : b.arch();
    return new TrainConfig(
        new TrainConfig.Backbone(arch, resolve(base, b.weights()), b.allowLavisLayout()),
        new TrainConfig.Data(
            resolve(base, d.images()),
            resolve(base, d.instances()),
            resolve(base, d.captions()),
            d.imageSize(),
            d.augment(),
            d.keepInMemory(),
            d.onBadImage()),
        c.heads(),
        c.stage1(),
        c.stage2(),
        c.batchSize(),
        c.accumulateSteps(),
        c.clipNorm(),
        c.checkpointEvery(),
        resolve(base, c.output()),
        c.seed(),
        c.device(),
        c.activationRecompute(),
        c.computePrecision(),
        c.frozenWeights());
  }

  private static Path resolve(Path base, Path p) {
    return p == null ? null : base.resolve(p);
  }
}

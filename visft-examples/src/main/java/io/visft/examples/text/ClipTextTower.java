package io.visft.examples.text;

import io.visft.api.ConfigException;
import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.zeroshot.TextEncoder;
import io.visft.core.runtime.OnnxFileSession;
import io.visft.core.runtime.OnnxFileSession.Port;
import io.visft.core.runtime.RuntimeOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CLIP text tower exported to ONNX, with its tokenizer: texts are tokenized ({@link
 * TokenizerFile}), padded to the context length and run in batches.
 *
 * <p>The model contract: an input {@value #INPUT_IDS} {@code [batch, context]} (I64 or I32), and
 * optionally {@value #ATTENTION_MASK} of the same shape (1 for tokens, 0 for padding); the output
 * {@value #OUTPUT} {@code [batch, E]}, or the model's only output, the projected text embeddings
 * (as OpenCLIP's {@code encode_text} or Hugging Face's {@code CLIPTextModelWithProjection} give). A
 * fixed batch dimension is honoured by padding the last batch.
 *
 * <p>Not thread-safe; close it to free the session and the tokenizer.
 */
public final class ClipTextTower implements TextEncoder, AutoCloseable {
  /** The token-id input. */
  public static final String INPUT_IDS = "input_ids";

  /** The optional attention-mask input. */
  public static final String ATTENTION_MASK = "attention_mask";

  /** The preferred output name. */
  public static final String OUTPUT = "text_embeds";

  private final OnnxFileSession session;
  private final TokenizerFile tokenizer;
  private final Port ids;
  private final String output;
  private final int context;
  private final int batch;
  private final long padId;

  private ClipTextTower(OnnxFileSession session, Path tokenizerFile, ClipTextTowerConfig config) {
    this.session = session;
    this.ids = session.inputs().get(INPUT_IDS);
    if (ids == null
        || ids.shape().length != 2
        || (ids.dtype() != DType.I64 && ids.dtype() != DType.I32)) {
      throw new FileFormatException(
          "text tower "
              + session.file()
              + " must take '"
              + INPUT_IDS
              + "' [batch, context] I64 or I32 (and optionally '"
              + ATTENTION_MASK
              + "'); it takes "
              + session.inputs().values());
    }
    Port mask = session.inputs().get(ATTENTION_MASK);
    if (mask != null
        && (!Arrays.equals(mask.shape(), ids.shape())
            || mask.dtype() != DType.I64 && mask.dtype() != DType.I32)) {
      throw new FileFormatException(
          "text tower "
              + session.file()
              + ": '"
              + ATTENTION_MASK
              + "' is "
              + mask
              + "; expected I64 or I32 shaped like '"
              + INPUT_IDS
              + "' "
              + Arrays.toString(ids.shape()));
    }
    for (String name : session.inputs().keySet()) {
      if (!name.equals(INPUT_IDS) && !name.equals(ATTENTION_MASK)) {
        throw new FileFormatException(
            "text tower "
                + session.file()
                + " has input '"
                + name
                + "'; expected only '"
                + INPUT_IDS
                + "' and '"
                + ATTENTION_MASK
                + "'");
      }
    }
    this.output = session.outputs().containsKey(OUTPUT) ? OUTPUT : onlyOutput(session);
    this.context = contextLength(session, ids, config);
    this.batch = ids.shape()[0] > 0 ? (int) ids.shape()[0] : config.batchSize();
    this.padId = config.padId();
    this.tokenizer = TokenizerFile.open(tokenizerFile, context);
  }

  /**
   * Opens the tower.
   *
   * @param model the ONNX file
   * @param tokenizerFile the model's {@code tokenizer.json}
   * @throws FileFormatException if a file is missing or does not follow the contract
   */
  public static ClipTextTower open(
      Path model, Path tokenizerFile, ClipTextTowerConfig config, RuntimeOptions runtime) {
    OnnxFileSession session = OnnxFileSession.open(model, runtime);
    try {
      return new ClipTextTower(session, tokenizerFile, config);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private static String onlyOutput(OnnxFileSession session) {
    if (session.outputs().size() != 1) {
      throw new FileFormatException(
          "text tower "
              + session.file()
              + " has outputs "
              + session.outputs().keySet()
              + "; name the embeddings '"
              + OUTPUT
              + "' or export only them");
    }
    return session.outputs().keySet().iterator().next();
  }

  private static int contextLength(OnnxFileSession session, Port ids, ClipTextTowerConfig config) {
    long fixed = ids.shape()[1];
    if (fixed > 0 && config.contextLength() != 0 && config.contextLength() != fixed) {
      throw new ConfigException(
          "text tower context_length = "
              + config.contextLength()
              + " but "
              + session.file()
              + " fixes it to "
              + fixed
              + "; omit context_length or set it to "
              + fixed);
    }
    if (fixed <= 0 && config.contextLength() == 0) {
      throw new ConfigException(
          "text tower "
              + session.file()
              + " has a dynamic context length; set context_length "
              + "(77 for CLIP)");
    }
    return fixed > 0 ? (int) fixed : config.contextLength();
  }

  /**
   * The token ids of {@code texts}, truncated to the context length and padded with the pad id.
   *
   * @return {@code [N, context]} row-major
   */
  public long[] tokenIds(List<String> texts) {
    long[] out = new long[texts.size() * context];
    Arrays.fill(out, padId);
    for (int i = 0; i < texts.size(); i++) {
      long[] t = tokenizer.ids(texts.get(i));
      System.arraycopy(t, 0, out, i * context, Math.min(t.length, context));
    }
    return out;
  }

  /** The context length, tokens per text. */
  public int contextLength() {
    return context;
  }

  @Override
  public FeatureMatrix encode(List<String> texts) {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no texts to encode with " + describe());
    }
    float[] out = null;
    int dim = 0;
    for (int start = 0; start < texts.size(); start += batch) {
      int count = Math.min(batch, texts.size() - start);
      int rows = ids.shape()[0] > 0 ? batch : count;
      HostTensor embeds = session.run(feeds(texts.subList(start, start + count), rows)).get(output);
      long[] shape = embeds.shape();
      if (shape.length != 2 || shape[0] != rows) {
        throw new ShapeException(
            "text tower "
                + session.file()
                + " output '"
                + output
                + "' is "
                + Arrays.toString(shape)
                + " for "
                + rows
                + " texts; expected ["
                + rows
                + ", E]");
      }
      if (out == null) {
        dim = (int) shape[1];
        out = new float[texts.size() * dim];
      }
      System.arraycopy(embeds.toFloatArray(), 0, out, start * dim, count * dim);
    }
    return new FeatureMatrix(texts.size(), dim, out);
  }

  /** The feeds for {@code texts}, padded with pad rows (mask 0) up to {@code rows}. */
  private Map<String, HostTensor> feeds(List<String> texts, int rows) {
    long[] tokens = new long[rows * context];
    long[] mask = new long[rows * context];
    Arrays.fill(tokens, padId);
    for (int r = 0; r < texts.size(); r++) {
      long[] t = tokenizer.ids(texts.get(r));
      int length = Math.min(t.length, context);
      System.arraycopy(t, 0, tokens, r * context, length);
      Arrays.fill(mask, r * context, r * context + length, 1);
    }
    Map<String, HostTensor> feeds = new LinkedHashMap<>();
    feeds.put(INPUT_IDS, typed(tokens, rows, ids.dtype()));
    Port maskPort = session.inputs().get(ATTENTION_MASK);
    if (maskPort != null) {
      feeds.put(ATTENTION_MASK, typed(mask, rows, maskPort.dtype()));
    }
    return feeds;
  }

  private HostTensor typed(long[] values, int rows, DType dtype) {
    if (dtype == DType.I64) {
      return HostTensor.ofLongs(values, rows, context);
    }
    ByteBuffer b =
        ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putInt(Math.toIntExact(v));
    }
    return new HostTensor(DType.I32, new long[] {rows, context}, b.flip());
  }

  @Override
  public String describe() {
    return "text tower " + session.file() + " with " + tokenizer.file();
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      tokenizer.close();
    }
  }
}

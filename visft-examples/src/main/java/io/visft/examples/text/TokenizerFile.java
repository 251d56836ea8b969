package io.visft.examples.text;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.visft.api.BackendUnavailableException;
import io.visft.api.FileFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} (any model the {@code tokenizers} library reads: BPE,
 * WordPiece, WordLevel, Unigram, with its normaliser, pre-tokeniser and post-processor), run by
 * DJL's binding of the Rust library, whose native code ships inside its jar: nothing is downloaded.
 * Texts are encoded with the special tokens the post-processor adds and truncated to the context
 * length, keeping them.
 *
 * <p>Not thread-safe; close it to free the native tokenizer.
 */
public final class TokenizerFile implements AutoCloseable {
  private final Path file;
  private final HuggingFaceTokenizer tokenizer;

  private TokenizerFile(Path file, HuggingFaceTokenizer tokenizer) {
    this.file = file;
    this.tokenizer = tokenizer;
  }

  /**
   * Loads {@code file}.
   *
   * @param contextLength the most tokens per text (special tokens included), at least 2
   * @throws FileFormatException if the file is missing or the library rejects it
   * @throws BackendUnavailableException if the native tokenizer library cannot be loaded
   */
  public static TokenizerFile open(Path file, int contextLength) {
    checkArgument(contextLength >= 2, "context length %s must be at least 2", contextLength);
    if (!Files.isRegularFile(file)) {
      throw new FileFormatException(
          "tokenizer file "
              + file
              + " does not exist; give the model's Hugging Face tokenizer.json");
    }
    Map<String, String> options =
        Map.of(
            "maxLength",
            String.valueOf(contextLength),
            "truncation",
            "true",
            "padding",
            "false",
            "addSpecialTokens",
            "true");
    try {
      return new TokenizerFile(file, HuggingFaceTokenizer.newInstance(file, options));
    } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
      throw new BackendUnavailableException(
          "the native Hugging Face tokenizers library (from ai.djl.huggingface:tokenizers) "
              + "could not be loaded to read "
              + file
              + ": "
              + e
              + ". Its jar bundles it for linux-x86_64, linux-aarch64, "
              + "osx-aarch64 and win-x86_64; on another platform set DJL_CACHE_DIR to a folder holding a matching "
              + "libtokenizers build, or use precomputed text embeddings",
          e);
    } catch (IOException | RuntimeException e) {
      throw new FileFormatException(
          "tokenizer file "
              + file
              + " is not a Hugging Face tokenizer.json the tokenizers "
              + "library can read: "
              + e.getMessage(),
          e);
    }
  }

  /** The token ids of {@code text}, at most the context length, special tokens included. */
  public long[] ids(String text) {
    Encoding e = tokenizer.encode(text, true, false);
    return e.getIds();
  }

  /** The file this tokenizer was read from. */
  public Path file() {
    return file;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}

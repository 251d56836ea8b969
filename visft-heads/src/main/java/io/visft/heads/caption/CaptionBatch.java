package io.visft.heads.caption;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The caption inputs of one training batch for {@link CaptionTrainingGraph}: token ids and lengths,
 * checked against a head's configuration. Immutable (the tensors are not shared with the caller's
 * arrays).
 *
 * @param tokens I64 {@code [B, maxLength + 2]}: {@code [<start>, words, <end>, <pad>...]} per row
 * @param lengths I64 {@code [B]}: {@link EncodedCaption#length()} of each row
 */
public record CaptionBatch(HostTensor tokens, HostTensor lengths) {

  public CaptionBatch {
    long[] t = tokens.shape();
    long[] l = lengths.shape();
    if (tokens.dtype() != DType.I64
        || lengths.dtype() != DType.I64
        || t.length != 2
        || l.length != 1
        || t[0] != l[0]) {
      throw new ShapeException(
          String.format(
              "caption batch needs I64 tokens [B, width] and I64 lengths [B], got %s and %s",
              tokens, lengths));
    }
  }

  /**
   * Lays encoded captions out as a batch.
   *
   * @throws ShapeException if a caption's width is not {@code config.tokenWidth()} (it was encoded
   *     for another {@code maxLength})
   * @throws IllegalArgumentException if the list is empty or an id is outside the vocabulary
   */
  public static CaptionBatch of(CaptionHeadConfig config, List<EncodedCaption> captions) {
    checkArgument(!captions.isEmpty(), "a caption batch needs at least one caption");
    int width = config.tokenWidth();
    long[] ids = new long[captions.size() * width];
    long[] lengths = new long[captions.size()];
    for (int i = 0; i < captions.size(); i++) {
      int[] row = captions.get(i).ids();
      if (row.length != width) {
        throw new ShapeException(
            String.format(
                "caption %d of the batch has %d token ids, the head expects maxLength + 2 = %d;"
                    + " encode captions with CaptionHead.codec(policy), whose maxWords is the"
                    + " head's maxLength = %d",
                i, row.length, width, config.maxLength()));
      }
      for (int j = 0; j < width; j++) {
        checkArgument(
            row[j] >= 0 && row[j] < config.vocabSize(),
            "caption %s of the batch: ids[%s] = %s is outside the vocabulary [0, %s)",
            i,
            j,
            row[j],
            config.vocabSize());
        ids[i * width + j] = row[j];
      }
      lengths[i] = captions.get(i).length();
    }
    return new CaptionBatch(
        HostTensor.ofLongs(ids, captions.size(), width),
        HostTensor.ofLongs(lengths, captions.size()));
  }

  /**
   * Tokenizes and encodes raw captions with the head's codec under {@code policy}, then lays them
   * out as a batch.
   *
   * @throws ShapeException under {@link LengthPolicy#REJECT} when a caption has more than {@code
   *     maxLength} words; the message names the caption's index in the batch
   */
  public static CaptionBatch encode(CaptionHead head, LengthPolicy policy, List<String> captions) {
    CaptionCodec codec = head.codec(policy);
    List<EncodedCaption> encoded = new ArrayList<>(captions.size());
    for (int i = 0; i < captions.size(); i++) {
      try {
        encoded.add(codec.encode(captions.get(i)));
      } catch (ShapeException e) {
        throw new ShapeException("caption " + i + " of the batch: " + e.getMessage(), e);
      }
    }
    return of(head.config(), encoded);
  }

  /** Number of captions {@code B}. */
  public int size() {
    return Math.toIntExact(lengths.shape()[0]);
  }

  @Override
  public String toString() {
    return "CaptionBatch[" + Arrays.toString(tokens.shape()) + "]";
  }
}

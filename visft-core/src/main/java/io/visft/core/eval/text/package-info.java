/**
 * Text recognition read from frozen features, without a language model: the OCR family of ViSFT's
 * out-of-domain evaluation reduced to a probe.
 *
 * <p>Design. The backbone's last-layer map {@code [B, C, h, w]} is average-pooled into S horizontal
 * slots ({@link io.visft.core.eval.text.SlotPooling}, giving {@code [B, S·C]}); rows are centred on
 * the training mean and scaled to unit norm. For each character position {@code p < maxLength}, a
 * multinomial logistic regression (trained by this library's engine, {@link
 * io.visft.core.eval.LogisticRegression}) maps the whole row to the {@code p}-th character or the
 * blank that pads shorter words. Each position sees every slot because where the {@code p}-th
 * character lies depends on the font, its size and the word's offset. A word is read right when
 * every position is; character accuracy counts the positions where the truth or the reading has a
 * character ({@link io.visft.core.eval.text.TextAccuracy}). Both come with 95% intervals ({@link
 * io.visft.core.eval.ConfidenceInterval}) and beside the majority-class baseline.
 *
 * <p>Words to read come from {@link io.visft.core.data.text}: rendered with the installed fonts or
 * supplied as a folder with a labels file.
 */
package io.visft.core.eval.text;

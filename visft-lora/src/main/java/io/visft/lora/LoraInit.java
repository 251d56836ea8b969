package io.visft.lora;

/**
 * How the A matrix of a new adapter is initialised (B always starts at zero, so the delta is zero).
 */
public enum LoraInit {
  /** {@code nn.init.kaiming_uniform_(A, a=√5)}: U(−b, b) with b = 1/√in, as PEFT and loralib do. */
  KAIMING_UNIFORM,
  /** N(0, 1/r), PEFT's {@code init_lora_weights="gaussian"}. */
  GAUSSIAN
}

package io.visft.lora.kernels;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Whether a kernel backend can run on this machine.
 *
 * @param available true if the backend can be created
 * @param detail what was found when available (devices, versions); otherwise why not, quoting the
 *     underlying error
 * @param remedy what to install or change to make it available; empty when available
 */
public record BackendAvailability(boolean available, String detail, String remedy) {

  public BackendAvailability {
    checkArgument(
        detail != null && !detail.isBlank(),
        "detail must say what was found or why the backend is unavailable");
    checkArgument(remedy != null, "remedy must not be null (use an empty string when available)");
    checkArgument(
        available || !remedy.isBlank(), "an unavailable backend must say what to install");
  }

  /** The backend can run; {@code detail} describes what was found. */
  public static BackendAvailability available(String detail) {
    return new BackendAvailability(true, detail, "");
  }

  /** The backend cannot run, because of {@code reason}; {@code remedy} says what fixes it. */
  public static BackendAvailability unavailable(String reason, String remedy) {
    return new BackendAvailability(false, reason, remedy);
  }
}

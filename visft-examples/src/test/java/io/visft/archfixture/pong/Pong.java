package io.visft.archfixture.pong;

import io.visft.archfixture.ping.Ping;

/** Half of a deliberate package cycle ({@code ping <-> pong}) for the architecture rule's test. */
public final class Pong {
  private Pong() {}

  /** Returns the other half's answer. */
  public static String call() {
    return Ping.answer();
  }

  /** The answer {@link Ping} gives back. */
  public static String answer() {
    return "pong";
  }
}

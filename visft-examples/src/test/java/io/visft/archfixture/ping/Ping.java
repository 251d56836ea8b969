package io.visft.archfixture.ping;

import io.visft.archfixture.pong.Pong;

/** Half of a deliberate package cycle ({@code ping <-> pong}) for the architecture rule's test. */
public final class Ping {
  private Ping() {}

  /** Returns the other half's answer. */
  public static String call() {
    return Pong.answer();
  }

  /** The answer {@link Pong} gives back. */
  public static String answer() {
    return "ping";
  }
}

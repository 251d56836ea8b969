package io.visft.examples.cli;

import java.util.Optional;

/**
 * The entry point of {@code visft.jar}. The jar holds this project's classes only; its manifest
 * names its dependencies in the folder {@code lib/} beside it ({@code visft-examples/target/lib}
 * after {@code mvn package}). Without that folder the JVM would stop with a bare {@code
 * NoClassDefFoundError}; the launcher says what to copy instead, then runs {@link VisftCommand}.
 */
public final class Launcher {
  /** A class every command needs, from the first jar of {@code lib/}. */
  static final String PROBE_CLASS = "picocli.CommandLine";

  /** Exit code when the dependencies are missing (picocli's code for a usage error). */
  static final int MISSING_DEPENDENCIES = 2;

  private Launcher() {}

  public static void main(String[] args) {
    Optional<String> missing = missingDependencies(Launcher.class.getClassLoader());
    if (missing.isPresent()) {
      System.err.println(missing.get());
      System.exit(MISSING_DEPENDENCIES);
    }
    VisftCommand.main(args);
  }

  /**
   * Why the command line cannot start with {@code loader}, or empty when its dependencies are
   * there.
   */
  static Optional<String> missingDependencies(ClassLoader loader) {
    try {
      Class.forName(PROBE_CLASS, false, loader);
      return Optional.empty();
    } catch (ClassNotFoundException e) {
      return Optional.of(
          "visft: the jars visft.jar depends on are missing ("
              + PROBE_CLASS
              + " not found); they"
              + " belong in the folder lib/ beside visft.jar. 'mvn package' puts visft.jar and lib/ side by side in"
              + " visft-examples/target/; copy or move them together (cp -r visft-examples/target/visft.jar"
              + " visft-examples/target/lib DIR/) and run java -jar DIR/visft.jar");
    }
  }
}

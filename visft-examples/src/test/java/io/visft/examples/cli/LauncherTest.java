package io.visft.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LauncherTest {

  @Test
  void withoutItsLibFolderTheJarSaysWhatToCopy() throws Exception {
    try (URLClassLoader jarAlone = new URLClassLoader(new URL[0], null)) {
      String message = Launcher.missingDependencies(jarAlone).orElseThrow();
      assertTrue(message.contains("the folder lib/ beside visft.jar"), message);
      assertTrue(
          message.contains("cp -r visft-examples/target/visft.jar visft-examples/target/lib"),
          message);
    }
  }

  @Test
  void withItsDependenciesTheCommandLineStarts() {
    assertEquals(
        Optional.empty(), Launcher.missingDependencies(LauncherTest.class.getClassLoader()));
  }
}

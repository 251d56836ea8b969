package io.visft.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PrefetcherTest {

  @Test
  void returnsEachIndexsBatchAndLoadsTheNextOneInTheBackground() {
    List<String> loaders = new CopyOnWriteArrayList<>();
    try (Prefetcher<Long> p =
        new Prefetcher<>(
            "test",
            i -> {
              loaders.add(i + "@" + Thread.currentThread().getName());
              return i * 10;
            })) {
      assertEquals(0L, p.get(0));
      assertEquals(10L, p.get(1));
      assertEquals(20L, p.get(2));
      assertEquals(70L, p.get(7), "a jump (a resumed run) loads the asked index");
      assertEquals(80L, p.get(8));
    }
    assertEquals(
        List.of("1@visft-prefetch-test"),
        loaders.stream().filter(s -> s.startsWith("1@")).toList(),
        "index 1 was loaded once, ahead, on the prefetch thread");
    assertEquals(
        1, loaders.stream().filter(s -> s.startsWith("7@")).count(), "index 7 was loaded once");
  }

  @Test
  void aFailureOfAPrefetchedBatchReachesTheCaller() {
    try (Prefetcher<Long> p =
        new Prefetcher<>(
            "failing",
            i -> {
              if (i == 1) {
                throw new IllegalStateException("image 1 is corrupt");
              }
              return i;
            })) {
      assertEquals(0L, p.get(0));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.get(1));
      assertEquals("image 1 is corrupt", e.getMessage());
    }
  }
}

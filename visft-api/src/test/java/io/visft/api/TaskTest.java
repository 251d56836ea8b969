package io.visft.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskTest {

  @ParameterizedTest
  @EnumSource(Task.class)
  void theConfigNameReadsBack(Task task) {
    assertEquals(task, Task.fromConfigName(task.configName()));
  }

  @Test
  void theConfigNamesAreThoseOfTheConfigsAndFiles() {
    assertEquals(
        List.of("caption", "detection", "segmentation"),
        List.of(Task.values()).stream().map(Task::configName).toList());
  }

  @Test
  void anUnknownNameIsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class, () -> Task.fromConfigName("Caption"));
    assertTrue(
        e.getMessage().contains("'Caption'")
            && e.getMessage().contains("[caption, detection, segmentation]"),
        e.getMessage());
  }

  @Test
  void thePapersStage2RatiosSumToOne() {
    Map<Task, Double> r = Task.visftStage2Ratios();
    assertEquals(List.of(Task.CAPTION, Task.DETECTION, Task.SEGMENTATION), List.copyOf(r.keySet()));
    assertEquals(List.of(0.4, 0.3, 0.3), List.copyOf(r.values()));
  }
}

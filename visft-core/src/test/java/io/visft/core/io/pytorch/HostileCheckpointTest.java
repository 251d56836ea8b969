package io.visft.core.io.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malicious, truncated and inconsistent checkpoints: each is refused at open with a precise
 * message.
 */
class HostileCheckpointTest {

  private static final byte[] EPOCH_PICKLE =
      PickleBuilder.protocol(2).op('}').str("epoch").integer(3).op('s').stop();

  @TempDir Path tmp;

  private static String failure(Path file) {
    String message =
        assertThrows(FileFormatException.class, () -> PyTorchZipReader.open(file).close())
            .getMessage();
    assertTrue(message.startsWith("PyTorch checkpoint " + file + ": "), message);
    return message;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "hostile_os_system.pt        | refused to load Python global 'os.system' named at pickle byte 15",
        "hostile_posix_system.pt     | refused to load Python global 'posix.system' named at pickle byte 15",
        "hostile_builtins_eval.pt    | refused to load Python global 'builtins.eval' named at pickle byte 15",
        "hostile_subprocess_popen.pt | refused to load Python global 'subprocess.Popen' named at pickle byte 31",
        "hostile_load_from_bytes.pt  | refused to load Python global 'torch.storage._load_from_bytes'"
      })
  void refusesPicklesThatNameCode(String fixture, String expected) {
    String message = failure(PyTorchFixtures.path(fixture));
    assertTrue(message.contains(expected), message);
    assertTrue(message.contains("Nothing from the file was executed"), message);
    assertTrue(
        message.contains("collections.OrderedDict, torch._utils._rebuild_tensor_v2"),
        "lists what is allowed");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "truncated.pt              | no zip end-of-central-directory record in the last",
        "missing_data_pkl.pt       | the zip has no '<archive>/data.pkl' record (its 2 entries: archive/data/0, archive/version)",
        "legacy_format.pt          | this is a legacy (non-zip) torch.save file",
        "corrupt_data_pkl.pt       | entry 'dtypes/data.pkl' fails its CRC-32 check",
        "missing_storage_record.pt | the pickle refers to storage record 'archive/data/0' which the archive lacks",
        "short_storage_record.pt   | storage record 'archive/data/0' holds 12 bytes but the pickle declares 4 F32 elements (16 bytes)"
      })
  void refusesBrokenArchives(String fixture, String expected) {
    String message = failure(PyTorchFixtures.path(fixture));
    assertTrue(message.contains(expected), message);
  }

  @Test
  void refusesAViewReachingPastItsStorage() {
    assertEquals(
        "PyTorch checkpoint "
            + PyTorchFixtures.path("view_out_of_bounds.pt")
            + ": tensor 'w' (tensor on "
            + "storage '0' (F32, offset 1, size [2, 2], stride [2, 1])) needs the first 5 elements of storage '0', "
            + "which has only 4",
        failure(PyTorchFixtures.path("view_out_of_bounds.pt")));
  }

  private Path torchZip(String byteOrder) throws IOException {
    Path file = tmp.resolve(Math.abs(byteOrder.hashCode()) + ".pt");
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("ckpt/data.pkl"));
      zip.write(PickleBuilder.protocol(2).op('}').str("epoch").integer(3).op('s').stop());
      zip.putNextEntry(new ZipEntry("ckpt/byteorder"));
      zip.write(byteOrder.getBytes(StandardCharsets.US_ASCII));
    }
    return file;
  }

  @Test
  void readsLittleEndianAndRefusesBigEndianStorages() throws IOException {
    try (PyTorchZipReader reader = PyTorchZipReader.open(torchZip("little"))) {
      assertTrue(reader.names().isEmpty());
      assertEquals("int 3", reader.nonTensorEntries().get("epoch"));
    }
    assertTrue(
        failure(torchZip("big")).contains("'ckpt/byteorder' says the storages are 'big'-endian"));
  }

  @Test
  void refusesACorruptDeflatedStorageWhenItIsRead() throws IOException {
    Path source = PyTorchFixtures.path("deflated.pth");
    byte[] bytes = Files.readAllBytes(source);
    ZipRecord storage;
    try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
      storage =
          ZipCentralDirectory.read(channel, source).stream()
              .filter(r -> r.name().equals("module_state_dict/data/0"))
              .findFirst()
              .orElseThrow();
    }
    bytes[(int) (storage.dataOffset() + storage.compressedSize() / 2)] ^= 0x55;
    Path corrupt = Files.write(tmp.resolve("corrupt_deflated.pth"), bytes);
    try (PyTorchZipReader reader = PyTorchZipReader.open(corrupt)) {
      String name =
          reader.names().stream()
              .filter(n -> reader.storageKey(n).equals("0"))
              .findFirst()
              .orElseThrow();
      String message =
          assertThrows(FileFormatException.class, () -> reader.tensor(name)).getMessage();
      assertTrue(
          message.startsWith("PyTorch checkpoint " + corrupt + ": ")
              && message.contains("'module_state_dict/data/0'"),
          message);
    }
  }

  @Test
  void refusesFilesThatAreNotZips() throws IOException {
    Path text = Files.writeString(tmp.resolve("weights.pt"), "not a checkpoint");
    assertTrue(failure(text).contains("does not start with a zip local header"));
  }

  /**
   * A zip whose deflated data.pkl is a small dict; the central directory is then patched by the
   * tests.
   */
  private Path deflatedPickleZip(String name) throws IOException {
    Path file = tmp.resolve(name);
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("ckpt/data.pkl"));
      zip.write(EPOCH_PICKLE);
    }
    return file;
  }

  /** Overwrites the uncompressed size that the central directory records for {@code entry}. */
  private static void patchDeclaredSize(Path file, String entry, long size) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] name = entry.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at + 46 + name.length <= bytes.length; at++) {
      if (buffer.getInt(at) == 0x02014b50
          && Arrays.equals(bytes, at + 46, at + 46 + name.length, name, 0, name.length)) {
        buffer.putInt(at + 24, (int) size);
        Files.write(file, bytes);
        return;
      }
    }
    throw new AssertionError("no central directory entry " + entry + " in " + file);
  }

  private static long compressedSize(Path file, String entry) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return ZipCentralDirectory.read(channel, file).stream()
          .filter(r -> r.name().equals(entry))
          .findFirst()
          .orElseThrow()
          .compressedSize();
    }
  }

  @Test
  void refusesADeflatedEntryDeclaringMoreThanItsBytesCanInflateTo() throws IOException {
    Path file = deflatedPickleZip("forged_size.pt");
    patchDeclaredSize(file, "ckpt/data.pkl", 60_000_000L);
    long compressed = compressedSize(file, "ckpt/data.pkl");
    assertTrue(Files.size(file) < 300, "a file of " + Files.size(file) + " bytes");
    String message = failure(file);
    assertTrue(
        message.contains(
            "deflated entry 'ckpt/data.pkl' declares 60000000 bytes from "
                + compressed
                + " compressed bytes, but deflate expands at most 1032-fold"),
        message);
  }

  @Test
  void refusesAPickleRecordOfGigabytesBeforeReadingIt() throws IOException {
    Path file = deflatedPickleZip("two_gigabyte_pickle.pt");
    patchDeclaredSize(file, "ckpt/data.pkl", 0x7FFF_FFF0L);
    String message = failure(file);
    assertTrue(
        message.contains(
            "'ckpt/data.pkl' holds 2147483632 bytes, more than a pickled state dict can sensibly "
                + "need (at most 67108864)"),
        message);
  }

  @Test
  void inflatesOnlyWhatTheDataYieldsAndNamesBothSizes() throws IOException {
    Path file = deflatedPickleZip("overstated_size.pt");
    long declared = compressedSize(file, "ckpt/data.pkl") * TorchSaveArchive.MAX_DEFLATE_RATIO;
    patchDeclaredSize(file, "ckpt/data.pkl", declared);
    String message = failure(file);
    assertTrue(
        message.contains(
            "deflated entry 'ckpt/data.pkl' inflates to "
                + EPOCH_PICKLE.length
                + " bytes, not the "
                + declared
                + " bytes its directory entry records"),
        message);
  }

  @Test
  void refusesAnOversizedByteOrderRecordWithoutEchoingIt() throws IOException {
    String message = failure(torchZip("x".repeat(100_000)));
    assertTrue(
        message.contains(
            "'ckpt/byteorder' holds 100000 bytes; torch.save writes 'little' or 'big' there"),
        message);
    assertTrue(message.length() < 400, message.length() + " chars");
  }
}

/**
 * A restricted reader for PyTorch zip checkpoints written by {@code torch.save}: it parses the zip
 * itself, memory-maps the tensor storages and decodes data.pkl with a pickle interpreter that never
 * executes code. Start at {@link io.visft.core.io.pytorch.PyTorchZipReader}.
 */
package io.visft.core.io.pytorch;

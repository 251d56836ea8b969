#!/usr/bin/env bash
# The GPU checks of the LoRA kernels, in one call on a machine with an NVIDIA GPU and the CUDA 13
# libraries (cuBLAS) but no Java: unpacks .gpu/kit.tar.gz (made here by tools/gpu/pack.sh), runs
# the cuBLAS-vs-CPU kernel tests (they fail, not skip, when the GPU is visible but CUDA cannot
# load), then times both backends with JMH. Logs and JMH's JSON go to $OUT (or ./gpu-out).
#   tools/gpu/check.sh [JMH options, replacing the default -f 1 -wi 2 -w 1 -i 3 -r 1]
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-gpu-out}
mkdir -p "$out"
# VISFT_GPU_KIT names a folder holding an unpacked kit/ (tools/gpu/unpack.sh makes one); else .gpu/kit.tar.gz is unpacked.
if [ -n "${VISFT_GPU_KIT:-}" ]; then
  kit=$VISFT_GPU_KIT
else
  kit=/tmp/visft-gpu-kit
  rm -rf "$kit" && mkdir -p "$kit" && tar -C "$kit" -xzf .gpu/kit.tar.gz || exit 3
fi
java="$kit/kit/jre/bin/java"
cp="$kit/kit/lib/*:$kit/kit/classes/lora-tests:$kit/kit/classes/tools"
for d in /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib /usr/local/nvidia/lib64 /usr/lib/x86_64-linux-gnu; do
  [ -d "$d" ] && export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d"
done
gpu=0
if command -v nvidia-smi >/dev/null && nvidia-smi -L > "$out/gpu.txt" 2>&1; then gpu=1; fi
echo "gpu: $(cat "$out/gpu.txt" 2>/dev/null | head -1) ($gpu)"
ls /usr/local/cuda/lib64/libcublas.so* 2>/dev/null | head -3
status=0
# CudaLoraKernelsTest skips when CUDA cannot load; with a GPU present, a skip is a failure here.
"$java" -cp "$cp" RunTests io.visft.lora.kernels.CudaLoraKernelsTest \
  io.visft.lora.kernels.LoraKernelsProviderTest io.visft.lora.kernels.CpuLoraKernelsTest 2>&1 | tee "$out/tests.log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
if [ "$gpu" = 1 ] && grep -q '^SKIPPED .*CUDA' "$out/tests.log"; then
  echo "FAIL: a GPU is present but the CUDA kernel tests skipped (see the reasons above)"; status=1
fi
backends=cpu
[ "$gpu" = 1 ] && backends=cpu,cuda
opts=("$@")
[ ${#opts[@]} -eq 0 ] && opts=(-f 1 -wi 2 -w 1 -i 3 -r 1)
"$java" -cp "$cp" org.openjdk.jmh.Main LoraKernelsBenchmark -p backend=$backends "${opts[@]}" \
  -rf json -rff "$out/kernels.json" 2>&1 | tee "$out/jmh.log" | grep -E '^Benchmark|^LoraKernels'
[ "${PIPESTATUS[0]}" = 0 ] || status=1
exit $status

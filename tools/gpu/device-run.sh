#!/usr/bin/env bash
# The GPU kit's checks in one run, on a machine where the parts of tools/gpu/kit.sh lie in
# .gpu/parts (or a kit is already unpacked in .gpu/kit). Each phase logs to $OUT (or ./gpu-out):
#   compare  CUDA against CPU on the same inputs (DeviceChecks compare: backbone features pre-norm
#            and post-norm on a non-square input, LoRA gradients, a stage-2 step of each head),
#            fp32 with ONNX Runtime's CUDA defaults (TF32 on), tolerance 1e-3 relative
#   time     an EVA-ViT-G-sized LoRA step (1408 wide, 40 blocks, r 64 q and v, batch 8, 224) and a
#            ViT-B/16 forward (batch 8) on CUDA, each with the GPU's peak memory (nvidia-smi sampled
#            every 200 ms) and the step's model FLOP utilisation against the GPU's dense TF32 peak
#   mixed    mixed precision (DeviceChecks mixed: LoRA gradients with FP16 and with BF16 frozen-weight
#            products on CUDA against fp32 on CPU, bounds 5e-3 and 3e-2 relative; the CPU provider
#            refuses 16-bit) and, on a GPU, the EVA-ViT-G-sized LoRA step of 'time' with fp16 and bf16
#            products, each with its peak memory, to set beside the fp32 step
#   kernels  the cuBLAS LoRA kernel tests and their JMH benchmark (tools/gpu/check.sh)
#   peft     this library writes EVA-G weights, a PEFT adapter folder and its features; the machine's
#            Python (timm, peft, safetensors, torch) reproduces the features (tools/gpu/peft_check.py)
# Without a GPU the CUDA halves report "not run" and the timings run on the CPU provider.
#   tools/gpu/device-run.sh [--small] [compare|time|mixed|kernels|peft ...]     (default: all five)
# --small (for a machine without a GPU): 2 EVA-G blocks, batch 2, short JMH runs.
set -uo pipefail
cd "$(dirname "$0")/../.."
small=0
phases=()
for a in "$@"; do
  case "$a" in
    --small) small=1 ;;
    compare|time|mixed|kernels|peft) phases+=("$a") ;;
    *) echo "unknown argument $a"; exit 2 ;;
  esac
done
[ ${#phases[@]} -eq 0 ] && phases=(compare time mixed kernels peft)
out=${OUT:-gpu-out}
python=${PYTHON:-python3}
mkdir -p "$out"
kitdir=${VISFT_GPU_KIT:-.gpu/kit}
[ -f "$kitdir/env.sh" ] || tools/gpu/unpack.sh "$kitdir" || exit 3
# shellcheck disable=SC1091
source "$kitdir/env.sh"
java=("$JAVA" "-Xmx${JAVA_XMX:-48g}" -Xss8m "-Donnxruntime.native.path=$ORT_NATIVES" -cp "$KIT_CP")
"${java[@]}" -version 2>&1 | head -1

gpu_name=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)
case "$gpu_name" in
  *H100*PCIe*) peak=378 ;;      # dense TF32 TFLOP/s from NVIDIA's datasheets
  *H100*|*H200*) peak=494.7 ;;
  *A100*) peak=156 ;;
  *) peak=0 ;;
esac
echo "GPU: ${gpu_name:-none} (dense TF32 peak used for MFU: $peak TFLOP/s)"
device=cuda; depth=40; batch=8; peft_depth=40
if [ -z "$gpu_name" ]; then device=cpu; fi
if [ "$small" = 1 ]; then depth=2; batch=2; peft_depth=2; fi

sampler=""
mem_start() {
  sampler=""
  [ -n "$gpu_name" ] || return 0
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 > "$out/mem-$1.txt" 2>/dev/null &
  sampler=$!
}
mem_stop() {
  if [ -z "$sampler" ]; then echo "[$1] GPU peak memory: not measured (no GPU)"; return; fi
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null
  echo "[$1] GPU peak memory: $(sort -n "$out/mem-$1.txt" | tail -1) MiB (nvidia-smi memory.used, whole GPU)"
}

declare -A result
for phase in "${phases[@]}"; do
  start=$(date +%s)
  case "$phase" in
    compare)
      mem_start compare
      "${java[@]}" DeviceChecks compare 2>&1 | tee "$out/compare.log"
      rc=${PIPESTATUS[0]}
      mem_stop compare | tee -a "$out/compare.log" ;;
    time)
      mem_start step
      "${java[@]}" DeviceChecks time-step "$device" "$depth" "$batch" "$peak" 2>&1 | tee "$out/time.log"
      rc=${PIPESTATUS[0]}
      mem_stop step | tee -a "$out/time.log"
      mem_start vitb
      "${java[@]}" DeviceChecks time-vitb "$device" "$batch" 2>&1 | tee -a "$out/time.log"
      [ "${PIPESTATUS[0]}" = 0 ] || rc=1
      mem_stop vitb | tee -a "$out/time.log" ;;
    mixed)
      "${java[@]}" DeviceChecks mixed 2>&1 | tee "$out/mixed.log"
      rc=${PIPESTATUS[0]}
      if [ -n "$gpu_name" ]; then
        for p in fp16 bf16; do
          mem_start "step-$p"
          "${java[@]}" DeviceChecks time-step cuda "$depth" "$batch" "$peak" "$p" 2>&1 | tee -a "$out/mixed.log"
          [ "${PIPESTATUS[0]}" = 0 ] || rc=1
          mem_stop "step-$p" | tee -a "$out/mixed.log"
        done
      fi ;;
    kernels)
      jmh=()
      [ "$small" = 1 ] && jmh=(-f 1 -wi 1 -w 1 -i 1 -r 1)
      VISFT_GPU_KIT="$kitdir" OUT="$out" tools/gpu/check.sh "${jmh[@]}"
      rc=$? ;;
    peft)
      dir=$(mktemp -d)
      "${java[@]}" DeviceChecks peft-export "$dir" "$peft_depth" 2>&1 | tee "$out/peft.log"
      rc=${PIPESTATUS[0]}
      if [ "$rc" = 0 ]; then
        path=()
        "$python" -c "import timm, peft" 2>/dev/null && path=(--path both)
        PYTHONUNBUFFERED=1 "$python" tools/gpu/peft_check.py "$dir" "${path[@]}" 2>&1 | tee -a "$out/peft.log"
        rc=${PIPESTATUS[0]}
      fi
      rm -rf "$dir" ;;
  esac
  result[$phase]="rc $rc, $(( $(date +%s) - start )) s"
done
echo "== summary (${gpu_name:-no GPU}) =="
status=0
for phase in "${phases[@]}"; do
  echo "$phase: ${result[$phase]}"
  [[ "${result[$phase]}" == "rc 0,"* ]] || status=1
done
grep -h -E '^(PASS|FAIL|CUDA )|\[time-|peak memory|^(PASS|FAIL) (timm|manual)|timm path' \
  "$out"/compare.log "$out"/time.log "$out"/mixed.log "$out"/peft.log 2>/dev/null
exit $status

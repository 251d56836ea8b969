#!/usr/bin/env bash
# Paired rounds of one case on up to four stacks: this library (JMH) with fp32 frozen weights
# (visft) or int8 ones (visft-int8, JMH -p frozenWeights=int8), the int8 merged export as a file with
# ONNX Runtime's fused kernels (visft-int8-file, ExportBenchmark over a file written once by another
# process, so its peak RSS is the session's; forward only), the DJL peer (JMH, PyTorch 2.x
# engine) and Debian's PyTorch 1.13 (benchmarks/pytorch/bench_torch.py). One process per stack and
# round, run one after the other, the starting stack rotating from round to round; prints each
# stack's mean time per batch of 8, each other stack's time over visft's within the round (above 1:
# visft is faster), visft and visft-int8 each against the faster peer of the round (peer time over
# theirs), and each process's peak RSS (GNU time). Ends with the geometric mean of each ratio over
# the rounds.
#
#   mvn -o -q -pl benchmarks -am compile dependency:build-classpath \
#       -Dmdep.outputFile=$PWD/benchmarks/target/classpath.txt -Dmdep.includeScope=runtime
#   benchmarks/paired.sh [rounds=3] [forward|lora] [vit_s16|vit_b16] [measured 5-s iterations=3] \
#       [stacks=visft,djl,torch; any of visft,visft-int8,visft-int8-file,djl,torch]
#
# JMH sides: 1 warm-up and the given iterations of 5 s in the JMH JVM (-f 0; JMH's lock is ignored, so a
# JMH run of other work on the machine does not abort the round). PyTorch side: 2 warm-up
# steps, then steps for 5 s times the iterations, torch.set_num_threads(2), libopenblas0-pthread,
# OMP_WAIT_POLICY=PASSIVE, OPENBLAS_CORETYPE=Haswell unless set (SkylakeX on AVX-512 machines).
set -euo pipefail
rounds=${1:-3}
what=${2:-forward}
size=${3:-vit_s16}
iterations=${4:-3}
IFS=, read -r -a stacks <<< "${5:-visft,djl,torch}"
here=$(cd "$(dirname "$0")/.." && pwd)
cp="$here/benchmarks/target/classes:$(cat "$here/benchmarks/target/classpath.txt")"
case "$what" in
  forward) ours="BackboneBenchmark.forward"; peer="DjlPeerBenchmark.forward"; torch_case=forward ;;
  lora) ours="LoraStepBenchmark.step"; peer="DjlPeerBenchmark.loraStep"; torch_case=lora_step; size=vit_s16 ;;
  *) echo "unknown case '$what', expected forward or lora" >&2; exit 2 ;;
esac
out=$(mktemp -d)
export OMP_WAIT_POLICY=PASSIVE
export OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell}

# jmh NAME REGEX [JMH ARGS]: one JMH run in its own JVM; sets ms (mean per batch)
jmh() {
  /usr/bin/time -f '%M' -o "$out/$1.rss" java -Djmh.ignoreLock=true -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 \
    -Dai.djl.pytorch.num_interop_threads=1 -cp "$cp" org.openjdk.jmh.Main "$2\$" -p size="$size" "${@:3}" -f 0 \
    -wi 1 -w 5 -i "$iterations" -r 5 -rf csv -rff "$out/$1.csv" > "$out/$1.log" 2>&1
  ms=$(awk -F, 'NR == 2 { print $5 }' "$out/$1.csv")
}

# run STACK: sets ms and rss for one stack
run() {
  case "$1" in
    visft) jmh visft "$ours" -p frozenWeights=fp32 ;;
    visft-int8) jmh visft-int8 "$ours" -p frozenWeights=int8 ;;
    visft-int8-file)
      [[ $what == forward ]] || { echo "visft-int8-file times the exported file's forward only" >&2; exit 2; }
      [[ -f $out/int8.onnx ]] || java -cp "$cp" io.visft.benchmarks.ExportBenchmark "$size" int8 onnx_runtime "$out/int8.onnx"
      jmh visft-int8-file "ExportBenchmark.forward" -p frozenWeights=int8 -p ops=onnx_runtime -p file="$out/int8.onnx" ;;
    djl) jmh djl "$peer" ;;
    torch)
      ONLY=$torch_case FORWARD_SIZES=$size /usr/bin/time -f '%M' -o "$out/torch.rss" /usr/bin/python3 \
        "$here/benchmarks/pytorch/bench_torch.py" $((5 * iterations)) > "$out/torch.json" 2> "$out/torch.log"
      ms=$(/usr/bin/python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(8000 / next(
        v["mean"] for k, v in r.items() if k.endswith("_images_per_s")))' "$out/torch.json") ;;
    *) echo "unknown stack '$1', expected visft, visft-int8, visft-int8-file, djl or torch" >&2; exit 2 ;;
  esac
  rss=$(awk '{ printf "%.2f", $1 / 1048576 }' "$out/$1.rss")
}

declare -A msof peak logsum
echo "case $what $size, batch 8; ms per batch (mean), peak RSS GiB; ratio = STACK ms / visft ms; speed-up = fastest peer ms / visft(-int8) ms"
for r in $(seq 1 "$rounds"); do
  n=${#stacks[@]}
  for k in $(seq 0 $((n - 1))); do
    s=${stacks[$(((r - 1 + k) % n))]}
    run "$s"; msof[$s]=$ms; peak[$s]=$rss
  done
  line="round $r ($(date -u +%H:%M) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)):"
  fastest=""
  for s in "${stacks[@]}"; do
    line+=" $s $(printf %.0f "${msof[$s]}") ms ${peak[$s]} GiB;"
    if [[ $s != visft && -n ${msof[visft]:-} ]]; then
      ratio=$(echo "${msof[$s]} / ${msof[visft]}" | bc -l)
      line+=" $s/visft $(printf %.2f "$ratio");"
      logsum[$s/visft]=$(echo "${logsum[$s/visft]:-0} + l($ratio)" | bc -l)
    fi
    if [[ $s == djl || $s == torch ]]; then
      if [[ -z $fastest ]] || (( $(echo "${msof[$s]} < ${msof[$fastest]}" | bc -l) )); then fastest=$s; fi
    fi
  done
  if [[ -n $fastest ]]; then
    line+=" fastest peer $fastest"
    for s in visft visft-int8 visft-int8-file; do
      if [[ -n ${msof[$s]:-} ]]; then
        ratio=$(echo "${msof[$fastest]} / ${msof[$s]}" | bc -l)
        line+=", $s speed-up $(printf %.2f "$ratio")"
        key="$s speed-up over the fastest peer"
        logsum[$key]=$(echo "${logsum[$key]:-0} + l($ratio)" | bc -l)
      fi
    done
  fi
  echo "$line"
done
for key in "${!logsum[@]}"; do
  echo "geometric mean over $rounds rounds, $key: $(printf %.2f "$(echo "e(${logsum[$key]} / $rounds)" | bc -l)")"
done | sort
grep -h "parity" "$out/djl.log" 2> /dev/null | tail -1 || true

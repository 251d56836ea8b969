#!/usr/bin/env bash
# Paired rounds, this library against the DJL peer (PyTorch 2.x engine), one JVM per side and round,
# the order alternating from round to round; prints each side's time, the ratio within the round
# (peer / this library: above 1 means this library is faster) and each JVM's peak RSS (GNU time).
#
#   mvn -o -q -pl benchmarks -am compile dependency:build-classpath \
#       -Dmdep.outputFile=benchmarks/target/classpath.txt -Dmdep.includeScope=runtime
#   benchmarks/djl/paired.sh [rounds=3] [forward|lora] [vit_s16|vit_b16] [measured iterations=3] [fp32|int8] [djl|fp32]
# The fifth argument is how this library holds the frozen linear weights; the sixth picks the other
# side: the DJL peer (default), or this library itself with fp32 frozen weights (int8 against fp32).
set -euo pipefail
rounds=${1:-3}
what=${2:-forward}
size=${3:-vit_s16}
iterations=${4:-3}
frozen=${5:-fp32}
against=${6:-djl}
here=$(cd "$(dirname "$0")/../.." && pwd)
cp="$here/benchmarks/target/classes:$(cat "$here/benchmarks/target/classpath.txt")"
case "$what" in
  forward) ours="BackboneBenchmark.forward"; peer="DjlPeerBenchmark.forward" ;;
  lora) ours="LoraStepBenchmark.step"; peer="DjlPeerBenchmark.loraStep"; size=vit_s16 ;;
  *) echo "unknown case '$what', expected forward or lora" >&2; exit 2 ;;
esac
peerArgs=()
case "$against" in
  djl) ;;
  fp32) peer="$ours"; peerArgs=(-p frozenWeights=fp32) ;;
  *) echo "unknown other side '$against', expected djl or fp32" >&2; exit 2 ;;
esac
out=$(mktemp -d)
export OMP_WAIT_POLICY=PASSIVE

# run NAME REGEX [JMH ARGS]: one JMH run in this JVM (-f 0), 1 warm-up and $iterations measured iterations of 5 s
run() {
  /usr/bin/time -f '%M' -o "$out/$1.rss" java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 \
    -Dai.djl.pytorch.num_interop_threads=1 -cp "$cp" org.openjdk.jmh.Main "$2\$" -p size="$size" "${@:3}" -f 0 \
    -wi 1 -w 5 -i "$iterations" -r 5 -rf csv -rff "$out/$1.csv" > "$out/$1.log" 2>&1
  ms=$(awk -F, 'NR == 2 { print $5 }' "$out/$1.csv")
  rss=$(awk '{ printf "%.2f", $1 / 1048576 }' "$out/$1.rss")
}

echo "round  visft_${frozen}_ms  ${against}_ms  ${against}/visft  visft_peak_GiB  ${against}_peak_GiB  load"
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then run ours "$ours" -p frozenWeights="$frozen"; o=$ms; orss=$rss; run peer "$peer" "${peerArgs[@]}"; p=$ms; prss=$rss
  else run peer "$peer" "${peerArgs[@]}"; p=$ms; prss=$rss; run ours "$ours" -p frozenWeights="$frozen"; o=$ms; orss=$rss; fi
  printf '%5d  %8.1f  %6.1f  %9.2f  %14s  %12s  %s\n' "$r" "$o" "$p" "$(echo "$p / $o" | bc -l)" "$orss" "$prss" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
done
grep -h "parity\|VmHWM" "$out/peer.log" | tail -2 || true

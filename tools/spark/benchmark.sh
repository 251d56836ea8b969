#!/usr/bin/env bash
# Images/s of the Spark embedding job (spark-submit on local[2]) next to single-process `visft features`
# on the same Fashion-MNIST test images, in paired rounds that alternate which runs first, and how the
# job scales with partitions. One TSV line per run: round, run, partitions, images, wall s (the whole
# command: JVM and Spark start, decoding, embedding, Parquet), job s (EmbeddingJob.run alone).
# `visft features` reads pixel tensors made beforehand (decoding and resizing not timed; the time to make
# them is printed once), CHUNK images per call, one JVM per call.
# Build as for fashion-mnist-check.sh, then from the repository root:
#   tools/spark/benchmark.sh WORK_DIR ROUNDS MODEL PARTITIONS...
# MODEL: adapted-tiny (visft-core's test EVA with its ViSFT LoRA adapter, 28 px) or vit-s14 (a randomly
# initialised EVA ViT-S/14, tools/spark/vit-s14.json, at 56 px).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$1"; rounds="$2"; which="$3"; shift 3
count=10000
chunk=2500
app="$(ls "$root"/visft-spark/target/visft-spark-*-app.jar)"
visft=(java -jar "$root/visft-examples/target/visft.jar")
tool=(java -cp "$app:$("$root/tools/spark/classpath.sh"):$root/visft-spark/target/test-classes"
  "$root/tools/spark/FeaturesCheck.java")
eva="$root/visft-core/src/test/resources/fixtures/eva"
mkdir -p "$work"
case "$which" in
  adapted-tiny) size=28; model=(--arch "$eva/g_style.json" --weights "$eva/g_style.safetensors" --lora "$eva/g_style_visft_lora.pt");;
  vit-s14) size=56; model=(--arch "$root/tools/spark/vit-s14.json" --weights "$work/vit-s14.safetensors")
    [[ -f "$work/vit-s14.safetensors" ]] || "${tool[@]}" backbone "$root/tools/spark/vit-s14.json" "$work/vit-s14.safetensors";;
  *) echo "MODEL must be adapted-tiny or vit-s14, got $which" >&2; exit 2;;
esac
[[ -d "$work/images" ]] || "${tool[@]}" images "$work/images" $count
start=$(date +%s.%N)
"${tool[@]}" pixels "$work/images" $size $chunk "$work/pixels-$size-"
echo "# pixel tensors for visft features: $(echo "$(date +%s.%N) - $start" | bc) s"

spark() {
  local t0 out
  t0=$(date +%s.%N)
  out=$("$root/tools/spark/submit.sh" --master 'local[2]' --conf spark.ui.enabled=false \
    --class io.visft.spark.EmbedImagesApp "$app" --images "$work/images" --recursive --output "$work/out.parquet" \
    "${model[@]}" --image-size $size --batch-size 32 --partitions "$2" 2>/dev/null)
  printf '%s\tspark\t%s\t%s\t%.1f\t%s\n' "$1" "$2" $count "$(echo "$(date +%s.%N) - $t0" | bc)" \
    "$(echo "$out" | sed -n 's/^job time \([0-9.]*\) s.*/\1/p')"
}
features() {
  local t0
  t0=$(date +%s.%N)
  for px in "$work"/pixels-$size-*.safetensors; do
    "${visft[@]}" features "${model[@]}" --input "$px" --output "$work/features.safetensors" > /dev/null 2>&1
  done
  printf '%s\tvisft-features\t-\t%s\t%.1f\t-\n' "$1" $count "$(echo "$(date +%s.%N) - $t0" | bc)"
}
printf 'round\trun\tpartitions\timages\twall_s\tjob_s\n'
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2)); then
    features "$r"
    for p in "$@"; do spark "$r" "$p"; done
  else
    for ((i = $#; i >= 1; i--)); do spark "$r" "${!i}"; done
    features "$r"
  fi
done

#!/usr/bin/env bash
# The Spark application jar under spark-submit (tools/spark/submit.sh, local[2]) on the 10,000
# Fashion-MNIST test images (Debian's dataset-fashion-mnist) plus one corrupt file, with an adapted
# backbone (visft-core's tiny random-weight EVA test backbone and its ViSFT LoRA adapter):
#   1. the corrupt file is skipped and reported, the job succeeds;
#   2. the embeddings equal single-process `visft features` ones (mean-pooled) to 1e-6 relative;
#   3. the distributed few-shot numbers print beside `visft eval-ood`'s on the same images.
# Build first (CPU ONNX Runtime in both):
#   mvn -o -q -Dvisft.runtime=cpu -pl visft-examples -am package -DskipTests
#   mvn -o -q -Dvisft.runtime=cpu -Pspark-app -pl visft-spark -am package -DskipTests
# Run from the repository root:  tools/spark/fashion-mnist-check.sh [WORK_DIR] [IMAGES] [PARTITIONS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$root/visft-spark/target/fashion-mnist-check}"
count="${2:-10000}"
partitions="${3:-2}"
size=28
chunk=2500
app="$(ls "$root"/visft-spark/target/visft-spark-*-app.jar)"
visft=(java -jar "$root/visft-examples/target/visft.jar")
eva="$root/visft-core/src/test/resources/fixtures/eva"
model=(--arch "$eva/g_style.json" --weights "$eva/g_style.safetensors" --lora "$eva/g_style_visft_lora.pt")
tool=(java -cp "$app:$("$root/tools/spark/classpath.sh"):$root/visft-spark/target/test-classes"
  "$root/tools/spark/FeaturesCheck.java")

rm -rf "$work" && mkdir -p "$work/broken"
"${tool[@]}" images "$work/images" "$count"
printf 'not a png at all' > "$work/broken/corrupt.png"

echo "== spark-submit: embed $count images + 1 corrupt file on local[2], $partitions partitions"
start=$(date +%s.%N)
"$root/tools/spark/submit.sh" --master 'local[2]' --conf spark.ui.enabled=false --class io.visft.spark.EmbedImagesApp \
  "$app" --images "$work/images,$work/broken" --recursive --output "$work/embeddings.parquet" "${model[@]}" \
  --image-size $size --batch-size 32 --partitions "$partitions" --on-bad-image skip | tee "$work/spark.txt"
echo "spark job: $(echo "$(date +%s.%N) - $start" | bc) s"
grep -q "skipped 1, first: \[.*corrupt.png" "$work/spark.txt"

echo "== visft features on the same images ($chunk per call)"
"${tool[@]}" pixels "$work/images" $size $chunk "$work/pixels-"
start=$(date +%s.%N)
for px in "$work"/pixels-*.safetensors; do
  "${visft[@]}" features "${model[@]}" --input "$px" --output "${px/pixels-/features-}" > /dev/null
done
echo "visft features: $(echo "$(date +%s.%N) - $start" | bc) s"
"${tool[@]}" compare "$work/images" $size $chunk "$work/features-" "$work/embeddings.parquet"

echo "== few-shot: distributed (spark-submit) and visft eval-ood"
"$root/tools/spark/submit.sh" --master 'local[2]' --conf spark.ui.enabled=false --class io.visft.spark.EvaluateEmbeddingsApp \
  "$app" --few-shot "$work/embeddings.parquet" --ways 5 --shots 5 --queries 15 --episodes 100 --knn-k 1
cat > "$work/suite.json" <<JSON
[{"name": "fmnist-5w5s", "type": "few-shot", "image_size": $size, "ways": 5, "shots": 5, "queries": 15,
  "episodes": 100, "knn_k": 1, "data": {"type": "image-folder", "path": "$work/images"}}]
JSON
"${visft[@]}" eval-ood "${model[@]}" --suite "$work/suite.json" --output "$work/eval-ood" 2> /dev/null

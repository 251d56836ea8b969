#!/usr/bin/env bash
# Counts the library classes (io.visft.*) and packages that one detection training batch loads,
# from reading a COCO-format split to the AdamW update (DetectionBatchTrace), with the JVM's class
# loading log. Run from a built checkout (mvn -o -q test-compile), e.g.
#   tools/trace/count.sh [OUTDIR]
# OUTDIR (default: a temporary folder) receives classes.txt, top-level.txt and packages.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-$(mktemp -d)}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -o -B -q -pl visft-heads -am compile dependency:build-classpath \
  -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=runtime >/dev/null
cp="visft-heads/target/classes:$(cat "$work/cp.txt")"
mkdir -p "$work/classes"
javac -d "$work/classes" -cp "$cp" tools/trace/DetectionBatchTrace.java
java -cp "$work/classes:$cp" DetectionBatchTrace generate "$work/coco" >/dev/null 2>&1
java -Xlog:class+load=info:file="$work/load.log" -cp "$work/classes:$cp" \
  DetectionBatchTrace train "$work/coco" 2>/dev/null | grep 'detection loss'
# Lambda and other hidden classes (names with $$ or /0x) are the JVM's, not the library's.
grep -o '\] io\.visft\.[^ ]*' "$work/load.log" | sed 's/^\] //' | grep -v '\$\$\|/0x' \
  | sort -u > "$out/classes.txt"
sed 's/\$.*//' "$out/classes.txt" | sort -u > "$out/top-level.txt"
sed 's/\.[^.]*$//' "$out/top-level.txt" | sort -u > "$out/packages.txt"
echo "classes (nested included): $(wc -l < "$out/classes.txt")"
echo "top-level classes: $(wc -l < "$out/top-level.txt")"
echo "packages: $(wc -l < "$out/packages.txt")"
echo "lists in $out"

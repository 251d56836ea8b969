#!/usr/bin/env bash
# Packs what tools/gpu/check.sh needs on a GPU machine that has no Java and no network: a trimmed
# Java 17 runtime (jlink), the LoRA modules, their tests and the JMH kernel benchmark, without
# ONNX Runtime (its GPU jar is 640 MB; the execution-provider checks cannot travel). The result is
# one archive, .gpu/kit.tar.gz (about 34 MB, gzip so that any machine can unpack it), ignored by git. Run from the repository root:
#   tools/gpu/pack.sh        then carry .gpu to the GPU machine and run tools/gpu/check.sh there.
# Maven runs offline (-o) unless MVN_FLAGS says otherwise (MVN_FLAGS= allows downloads).
set -euo pipefail
flags=${MVN_FLAGS--o}
cd "$(dirname "$0")/../.."
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude
mvn $flags -q install -DskipTests -pl visft-runtime-gpu,visft-api,visft-core,visft-lora
mvn $flags -q package -DskipTests -pl benchmarks
mvn $flags -q test-compile -pl visft-lora
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/kit/lib" "$work/kit/classes"
for module in visft-lora benchmarks; do
  mvn $flags -q dependency:build-classpath -pl "$module" -Dmdep.includeScope=test -Dmdep.outputFile="$work/$module.cp" > /dev/null
  tr ":" "\n" < "$work/$module.cp"; echo
done | grep . | sort -u | grep -v -E 'onnxruntime|djl|jackson|twelvemonkeys|imageio|picocli|protobuf|-tests\.jar|jmh-generator' \
  | while read -r jar; do cp "$jar" "$work/kit/lib/"; done
cp visft-api/target/visft-api-*.jar visft-core/target/visft-core-*[0-9T].jar visft-lora/target/visft-lora-*[0-9T].jar "$work/kit/lib/"
cp benchmarks/target/benchmarks-*.jar "$work/kit/lib/"
cp -r visft-lora/target/test-classes "$work/kit/classes/lora-tests"
engine=$(ls "$work/kit/lib" | sed -n 's/^junit-platform-engine-\(.*\)\.jar$/\1/p')
mvn $flags -q dependency:copy -Dartifact="org.junit.platform:junit-platform-launcher:$engine" \
  -DoutputDirectory="$work/kit/lib" > /dev/null
javac -d "$work/kit/classes/tools" -cp "$work/kit/lib/*" tools/gpu/RunTests.java
jlink --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$work/kit/jre"
mkdir -p .gpu
tar -C "$work" -czf .gpu/kit.tar.gz kit
ls -la .gpu/kit.tar.gz

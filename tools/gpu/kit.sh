#!/usr/bin/env bash
# Builds the GPU kit that tools/gpu/device-run.sh runs on a GPU machine with no Java and no network,
# as parts of at most 56 MiB so that each, with the working tree (about 4 MiB), fits one 64 MiB transfer:
#   - a trimmed Java 17 runtime (jlink);
#   - the library's jars built with the CUDA 13 flavour (-Pcuda13), their dependencies without the
#     ONNX Runtime jars, the LoRA module's test classes, the benchmarks jar (JMH) and tools/gpu's
#     RunTests and DeviceChecks;
#   - ONNX Runtime's Java API 1.24.1 (the classes of com.microsoft.onnxruntime:onnxruntime_gpu and its
#     Linux JNI library, without its CUDA 12 natives) and org.bytedeco:onnxruntime's CUDA 13 build of
#     ONNX Runtime 1.24.1 (libonnxruntime.so.1, the shared and CUDA provider libraries), the large
#     libraries compressed with xz -9;
#   - tools/gpu/unpack.sh, which joins the parts, unpacks them and finds CUDA 13 in the machine's Python.
# Output (ignored by git): .gpu/parts/kit.tar.part-NN and .gpu/parts/SHA256SUMS. Run from anywhere:
#   tools/gpu/kit.sh            then carry one part per device call (see benchmarks/README.md)
# Maven runs offline (-o) unless MVN_FLAGS says otherwise; nothing is installed into ~/.m2.
set -euo pipefail
flags=${MVN_FLAGS--o}
part_size=${KIT_PART_SIZE:-56M}
cd "$(dirname "$0")/../.."
exclude=$(git rev-parse --git-path info/exclude)
mkdir -p "$(dirname "$exclude")"
grep -qx '/.gpu/' "$exclude" 2>/dev/null || echo '/.gpu/' >> "$exclude"
m2=${MAVEN_REPO:-$HOME/.m2/repository}
ort_jar="$m2/com/microsoft/onnxruntime/onnxruntime_gpu/1.24.1/onnxruntime_gpu-1.24.1.jar"
cuda13_jar="$m2/org/bytedeco/onnxruntime/1.24.1-1.5.13/onnxruntime-1.24.1-1.5.13-linux-x86_64-gpu.jar"
for jar in "$ort_jar" "$cuda13_jar"; do
  [ -f "$jar" ] || { echo "missing $jar: run 'mvn -Pcuda13 -pl visft-runtime-cuda13 dependency:resolve' online once"; exit 2; }
done

# KIT_NO_BUILD=1 reuses the jars and class paths of the last build.
[ -n "${KIT_NO_BUILD:-}" ] || mvn $flags -B -q -Pcuda13 package dependency:build-classpath -DskipTests -pl visft-heads,benchmarks -am \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/kit.cp

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kit="$work/kit"
mkdir -p "$kit/lib" "$kit/classes" "$kit/ort"
for cp in visft-heads/target/kit.cp visft-lora/target/kit.cp benchmarks/target/kit.cp; do tr ':' '\n' < "$cp"; echo; done \
  | grep . | sort -u \
  | grep -v -E '/onnxruntime|/djl/|-tests\.jar|jmh-generator|/target/classes$|/target/test-classes$' \
  | while read -r jar; do cp "$jar" "$kit/lib/"; done
for module in visft-api visft-core visft-lora visft-heads; do
  cp "$module"/target/"$module"-*[0-9T].jar "$kit/lib/"
done
cp benchmarks/target/benchmarks-*.jar "$kit/lib/"
cp -r visft-lora/target/test-classes "$kit/classes/lora-tests"
engine=$(ls "$kit/lib" | sed -n 's/^junit-platform-engine-\(.*\)\.jar$/\1/p')
mvn $flags -B -q dependency:copy -Dartifact="org.junit.platform:junit-platform-launcher:$engine" \
  -DoutputDirectory="$kit/lib" > /dev/null

# ONNX Runtime's Java API without natives, its JNI library, and the CUDA 13 natives.
(mkdir "$work/ortx" && cd "$work/ortx" && unzip -q "$ort_jar" 'ai/onnxruntime/*.class' \
  'META-INF/MANIFEST.MF' && jar cfm "$kit/lib/onnxruntime-java-1.24.1.jar" META-INF/MANIFEST.MF ai)
unzip -q -j "$ort_jar" ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so -d "$kit/ort"
unzip -q -j "$cuda13_jar" 'org/bytedeco/onnxruntime/linux-x86_64-gpu/libonnxruntime.so.1' \
  'org/bytedeco/onnxruntime/linux-x86_64-gpu/libonnxruntime_providers_shared.so' \
  'org/bytedeco/onnxruntime/linux-x86_64-gpu/libonnxruntime_providers_cuda.so' -d "$kit/ort"
xz -9 -T2 "$kit/ort/libonnxruntime.so.1" "$kit/ort/libonnxruntime_providers_cuda.so"

javac -d "$kit/classes/tools" -cp "$kit/lib/*" tools/gpu/RunTests.java tools/gpu/DeviceChecks.java
jlink --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml,jdk.management,jdk.unsupported,jdk.zipfs \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$kit/jre"

rm -rf .gpu/parts && mkdir -p .gpu/parts
tar -C "$work" -czf - kit | split -b "$part_size" -d -a 2 - .gpu/parts/kit.tar.part-
(cd .gpu/parts && sha256sum kit.tar.part-* > SHA256SUMS)
echo "kit: $(du -sh "$kit" | cut -f1) unpacked ($(du -sh "$kit/ort" | cut -f1) of it ONNX Runtime, xz), parts:"
ls -l .gpu/parts

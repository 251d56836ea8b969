#!/usr/bin/env bash
# Builds this repository as a user gets it and checks a project outside the build against it:
#  1. installs the library modules and the CPU flavour into a private Maven repository
#     (tools/consumer/target/m2; the user's ~/.m2 is read as a download source, never written);
#  2. copies the README's ```java blocks into tools/consumer/target/readme-src and runs
#     tools/consumer's tests: the README examples compile and run on the installed artifacts with
#     io.visft:visft-runtime-cpu, and, with ONNX Runtime taken off the class path, the error names
#     the artifacts to add;
#  3. requires the consumer's runtime dependencies to take less than 100 MB (10^8 bytes);
#  4. packages the command line as the README says (default flavour, default Maven repository,
#     nothing installed) and checks that every manifest Class-Path entry of visft.jar is in the
#     lib/ beside it, that it runs there, and that a visft.jar copied alone says what to copy.
# Run from anywhere: bash tools/consumer/check.sh   (needs Maven and network or a warm ~/.m2)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
consumer="$root/tools/consumer"
repo="$consumer/target/m2"
limit=100000000
mkdir -p "$repo" "$consumer/target"

# ~/.m2 first (a local copy of what was downloaded before), then Maven Central.
settings="$consumer/target/settings.xml"
cat > "$settings" <<XML
<settings>
  <localRepository>$repo</localRepository>
  <profiles><profile><id>seed</id>
    <repositories><repository><id>user-m2</id><url>file://$HOME/.m2/repository</url>
      <snapshots><enabled>false</enabled></snapshots></repository></repositories>
    <pluginRepositories><pluginRepository><id>user-m2</id><url>file://$HOME/.m2/repository</url>
      <snapshots><enabled>false</enabled></snapshots></pluginRepository></pluginRepositories>
  </profile></profiles>
  <activeProfiles><activeProfile>seed</activeProfile></activeProfiles>
</settings>
XML
mvn_private=(mvn -B -q -s "$settings")

echo "== installing visft (library modules, CPU flavour) into $repo"
(cd "$root" && "${mvn_private[@]}" install -DskipTests -Dvisft.runtime=cpu -pl visft-lora,visft-heads,visft-runtime-cpu -am)
for module in visft-api visft-core visft-lora visft-heads; do
  for kind in "" -sources -javadoc; do
    jar="$repo/io/visft/$module/0.1.0-SNAPSHOT/$module-0.1.0-SNAPSHOT$kind.jar"
    [ -s "$jar" ] || { echo "FAIL: $jar was not installed"; exit 1; }
  done
done

echo "== README java blocks -> $consumer/target/readme-src"
rm -rf "$consumer/target/readme-src" && mkdir -p "$consumer/target/readme-src"
awk -v dir="$consumer/target/readme-src" '
  /^```java$/ { inblock = 1; text = ""; next }
  inblock && /^```$/ {
    inblock = 0
    if (match(text, /public final class [A-Za-z0-9_]+/)) {
      name = substr(text, RSTART + 19, RLENGTH - 19); printf "%s", text > (dir "/" name ".java"); close(dir "/" name ".java")
      print "  " name; count++
    } else { print "FAIL: a README java block declares no public final class"; bad = 1 }
    next
  }
  inblock { text = text $0 "\n" }
  END { if (bad || count == 0) exit 1 }' "$root/README.md"

echo "== consumer: compile the README examples and run the tests"
(cd "$consumer" && mvn -B -s "$settings" test 2>&1 | tee target/test.log | grep -E 'Tests run:|FAIL|ERROR|losses|AdaptedFeatures|Without ONNX' || true)
grep -q 'BUILD SUCCESS' "$consumer/target/test.log" || { echo "FAIL: consumer build, see $consumer/target/test.log"; exit 1; }

echo "== consumer runtime dependencies"
rm -rf "$consumer/target/deps"
(cd "$consumer" && "${mvn_private[@]}" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/deps)
ls -S "$consumer/target/deps" | head -5 | sed 's/^/  /'
bytes=$(du -sb "$consumer/target/deps" | cut -f1)
echo "consumer runtime dependencies: $bytes bytes ($(ls "$consumer/target/deps" | wc -l) files)"
if ls "$consumer/target/deps" | grep -q -E 'onnxruntime_gpu|cuda-.*linux|javacpp-.*linux'; then
  echo "FAIL: the CPU flavour brought GPU natives"; exit 1
fi
[ "$bytes" -lt "$limit" ] || { echo "FAIL: $bytes bytes is not under $limit"; exit 1; }

echo "== the command line: visft.jar with its lib/, and alone"
(cd "$root" && mvn -B -q -DskipTests package -pl visft-examples -am)
target="$root/visft-examples/target"
entries=$(unzip -p "$target/visft.jar" META-INF/MANIFEST.MF | tr -d '\r' \
  | awk '/^Class-Path:/ { cp = substr($0, 13); on = 1; next } on && /^ / { cp = cp substr($0, 2); next } { on = 0 } END { print cp }')
count=0
for entry in $entries; do
  [ -f "$target/$entry" ] || { echo "FAIL: the manifest names $entry, missing from $target"; exit 1; }
  count=$((count + 1))
done
[ "$count" -gt 0 ] || { echo "FAIL: visft.jar has no Class-Path"; exit 1; }
echo "all $count manifest Class-Path entries are in $target/lib"
java -jar "$target/visft.jar" --version
alone=$(mktemp -d)
trap 'rm -rf "$alone"' EXIT
cp "$target/visft.jar" "$alone/"
set +e
java -jar "$alone/visft.jar" --help 2> "$alone/err"
rc=$?
set -e
cat "$alone/err"
[ "$rc" = 2 ] && grep -q 'lib/ beside visft.jar' "$alone/err" || { echo "FAIL: visft.jar alone exited $rc"; exit 1; }
echo "consumer check passed"

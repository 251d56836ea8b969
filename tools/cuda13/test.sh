#!/usr/bin/env bash
# The whole test suite on the CUDA 13 flavour (mvn -Pcuda13: ONNX Runtime's Java API 1.24.1 with
# org.bytedeco:onnxruntime's CUDA 13 build of ONNX Runtime 1.24.1), on the CPU provider, so that only
# the CUDA provider itself is left for a GPU machine. Needs Maven Central or a warm ~/.m2 (the two
# jars are about 370 MB and 130 MB). Extra arguments go to Maven, e.g. -pl visft-core -am.
#   bash tools/cuda13/test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
mvn -B -Pcuda13 test "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || { echo "FAIL: the test suite failed on the CUDA 13 flavour"; exit "$rc"; }
# Every module's tests must have run on the bytedeco natives, not on a jar's own.
loaded=$(grep -c "ONNX Runtime 1.24.1 loaded from org.bytedeco:onnxruntime's CUDA 13 build" "$log" || true)
[ "$loaded" -gt 0 ] || { echo "FAIL: no test loaded ONNX Runtime 1.24.1 from the CUDA 13 natives"; exit 1; }
echo "CUDA 13 flavour: test suite passed; ONNX Runtime 1.24.1 loaded from the CUDA 13 natives in $loaded test JVMs"

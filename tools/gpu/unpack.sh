#!/usr/bin/env bash
# Joins and unpacks the GPU kit made by tools/gpu/kit.sh: checks .gpu/parts/kit.tar.part-* against
# SHA256SUMS, unpacks them into DEST (default .gpu/kit, ignored by git), decompresses ONNX Runtime's
# natives, and writes DEST/env.sh, which sets JAVA (the kit's runtime), KIT_CP, ORT_NATIVES and an
# LD_LIBRARY_PATH holding every nvidia/*/lib folder of the machine's Python (the CUDA 13 wheels:
# cuBLAS, cuDNN, cuFFT, the CUDA runtime), when that Python has them.
#   tools/gpu/unpack.sh [DEST]     then: source DEST/env.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
parts=${KIT_PARTS:-.gpu/parts}
dest=$(mkdir -p "${1:-.gpu/kit}" && cd "${1:-.gpu/kit}" && pwd)
(cd "$parts" && sha256sum -c --quiet SHA256SUMS) || { echo "kit parts missing or damaged in $parts"; exit 3; }
rm -rf "$dest/kit"
cat "$parts"/kit.tar.part-* | tar -C "$dest" -xzf -
for f in "$dest"/kit/ort/*.xz; do
  if command -v xz > /dev/null; then
    xz -d "$f"
  else
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[1][:-3], "wb"))' "$f"
    rm "$f"
  fi
done
ln -sf libonnxruntime.so.1 "$dest/kit/ort/libonnxruntime.so"
cuda_libs=$(python3 - <<'EOF' 2>/dev/null || true
import glob, os
try:
    import nvidia
except ImportError:
    raise SystemExit(0)
dirs = []
for root in list(nvidia.__path__):
    for d in sorted(glob.glob(os.path.join(root, "*", "lib")) + glob.glob(os.path.join(root, "*", "*", "lib"))):
        if glob.glob(os.path.join(d, "*.so*")) and d not in dirs:
            dirs.append(d)
print(":".join(dirs))
EOF
)
k="$dest/kit"
cat > "$dest/env.sh" <<EOF
export JAVA="$k/jre/bin/java"
export KIT_CP="$k/lib/*:$k/classes/lora-tests:$k/classes/tools"
export ORT_NATIVES="$k/ort"
export LD_LIBRARY_PATH="$k/ort${cuda_libs:+:$cuda_libs}\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
EOF
echo "kit unpacked into $k ($(du -sh "$k" | cut -f1)); CUDA libraries from Python: ${cuda_libs:-none found}"

#!/usr/bin/env bash
# Starts DJL's PyTorch engine once at image build time, so DJL_CACHE_DIR already holds what it
# extracts (the JNI library, and for CPU images the 432 MB libtorch) and a worker's first model
# load does not pay for it. It converts the bundled sample song with a tiny sample voice, which
# also proves the image decodes, converts and encodes. Works without a GPU: a CUDA libtorch runs
# on the CPU too.
#
# Usage: prefill-djl-cache.sh RVC_BEAM_JAR SAMPLE_DATA_DIR
set -euo pipefail
jar="$1"; samples="$2"
: "${DJL_CACHE_DIR:?set DJL_CACHE_DIR to the folder the workers will use}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
java -Dai.djl.offline=true -jar "$jar" convert "$samples/songs/chant.wav" "$out/chant.wav" \
  --model="$samples/models/voice_b.pth" \
  --embedder="$samples/models/contentvec" --pitchModel="$samples/models/rmvpe.pt"
test -s "$out/chant.wav"
echo "DJL cache in $DJL_CACHE_DIR: $(du -sh "$DJL_CACHE_DIR" | cut -f1)"

#!/usr/bin/env bash
# Downloads a CUDA libtorch into a worker image at build time (Maven Central carries no CUDA
# build of libtorch 2.7.1, the version DJL 0.36 pairs with) and prints its SHA-256, so a build
# can pin it with LIBTORCH_SHA256.
#
# Usage: fetch-libtorch.sh DEST_DIR [URL] [SHA256]
#   DEST_DIR  where the libtorch folder goes (its lib/ is what PYTORCH_LIBRARY_PATH names)
#   URL       default: libtorch 2.7.1 built for CUDA 12.8, from download.pytorch.org
#   SHA256    checked when given
set -euo pipefail
dest="$1"
url="${2:-https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip}"
sha="${3:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

curl -fsSL --retry 5 -o "$work/libtorch.zip" "$url"
echo "libtorch sha256: $(sha256sum "$work/libtorch.zip" | cut -d' ' -f1)"
if [ -n "$sha" ]; then
  echo "$sha  $work/libtorch.zip" | sha256sum -c -
fi
unzip -q "$work/libtorch.zip" -d "$work"
mkdir -p "$(dirname "$dest")"
rm -rf "$dest"
mv "$work/libtorch" "$dest"
echo "libtorch in $dest: $(du -sh "$dest" | cut -f1)"

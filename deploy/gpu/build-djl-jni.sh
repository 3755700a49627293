#!/usr/bin/env bash
# Builds DJL's PyTorch JNI library (libdjl_torch.so) against the libtorch a GPU worker actually
# has, for when that libtorch is not the 2.7.1 that DJL 0.36 ships its JNI for. With a newer
# libtorch the shipped JNI loads but every tensor creation fails ("set_stride is not allowed on a
# Tensor created from .data or .detach()"): torch::from_blob is inlined from the 2.7 headers.
#
# Usage: build-djl-jni.sh DJL_CHECKOUT TORCH_DIR OUT_DIR
#   DJL_CHECKOUT  a clone of github.com/deepjavalibrary/djl at tag v0.36.0 (the Java side's version)
#   TORCH_DIR     a libtorch or a PyTorch package folder (with include/ and lib/)
#   OUT_DIR       where libdjl_torch.so is written
# Needs g++ (C++17) and a JDK (for jni.h and javac -h). Run it when the worker image is built.
set -euo pipefail
djl="$1"; torch="$2"; out="$3"
native="$djl/engines/pytorch/pytorch-native/src/main/native"
work="$(mktemp -d)"
mkdir -p "$out" "$work/include" "$work/classes"

# The JNI header, from the Java class that declares the native methods.
javac -h "$work/include" -d "$work/classes" \
  -sourcepath "$djl/api/src/main/java:$djl/engines/pytorch/pytorch-engine/src/main/java" \
  "$djl/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"

java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
flags=(-O2 -fPIC -std=c++17 -w -D_GLIBCXX_USE_CXX11_ABI=1
  -I"$native" -I"$djl/api/src/main/native" -I"$work/include"
  -I"$java_home/include" -I"$java_home/include/linux"
  -I"$torch/include" -I"$torch/include/torch/csrc/api/include")
for source in "$native"/*.cc; do
  g++ -c "${flags[@]}" "$source" -o "$work/$(basename "$source").o" &
done
wait
g++ -shared -o "$out/libdjl_torch.so" "$work"/*.o -L"$torch/lib" -Wl,--no-as-needed \
  -ltorch -ltorch_cpu -ltorch_cuda -lc10 -lc10_cuda -Wl,-rpath,"$torch/lib"
echo "wrote $out/libdjl_torch.so"

# Dataflow GPU worker: Beam's Java SDK harness, a CUDA libtorch, DJL's cache filled, TF32 off.
# Build from the repository root after `mvn -B package` (see deploy/dataflow/build.sh):
#   docker build -f deploy/dataflow/worker-gpu.Dockerfile -t IMAGE .
# Dataflow installs the NVIDIA driver on the host (install-nvidia-driver); the CUDA runtime,
# cuBLAS and cuDNN come inside libtorch's "shared-with-deps" archive.

# Only needed when LIBTORCH_URL is not libtorch 2.7.1+cu128: DJL 0.36's JNI fits 2.7.1 only.
FROM apache/beam_java17_sdk:2.70.0 AS jni
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip
ARG LIBTORCH_SHA256=
ARG BUILD_JNI=false
COPY deploy/gpu/fetch-libtorch.sh deploy/gpu/build-djl-jni.sh /build/
RUN set -eux; apt-get update; apt-get install -y --no-install-recommends curl unzip ca-certificates; \
    /build/fetch-libtorch.sh /opt/libtorch "$LIBTORCH_URL" "$LIBTORCH_SHA256"; \
    mkdir -p /opt/djl-jni; \
    if [ "$BUILD_JNI" = "true" ]; then \
      apt-get install -y --no-install-recommends g++ git; \
      git clone --depth 1 --branch v0.36.0 https://github.com/deepjavalibrary/djl.git /build/djl; \
      /build/build-djl-jni.sh /build/djl /opt/libtorch /opt/djl-jni; \
    fi

FROM apache/beam_java17_sdk:2.70.0
COPY --from=jni /opt/libtorch /opt/libtorch
COPY --from=jni /opt/djl-jni /opt/djl-jni
# PYTORCH_*: DJL uses this libtorch instead of the CPU one inside the jar.
# NVIDIA_TF32_OVERRIDE=0: float32 stays float32 on Ampere and newer GPUs (cuDNN would use TF32,
#   11 dB from the CPU result instead of 82 dB); it must be in the environment the JVM starts with.
# GLIBC_TUNABLES: the launcher's allocator settings (deploy/README.md, "What a worker needs").
ENV PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
    PYTORCH_VERSION=2.7.1 \
    PYTORCH_FLAVOR=cu128 \
    DJL_CACHE_DIR=/opt/djl-cache \
    NVIDIA_TF32_OVERRIDE=0 \
    GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=17179869184:glibc.malloc.top_pad=268435456:glibc.malloc.arena_max=1
# The jar is staged by Dataflow at launch; this copy only fills DJL's cache at build time.
COPY target/rvc-beam-0.1.0-SNAPSHOT-all.jar /opt/rvc/rvc-beam.jar
COPY sample-data /opt/rvc/sample-data
# The launcher's heap settings for the harness JVM (the boot appends option-*.json's arguments).
COPY deploy/dataflow/beam-options/option-rvc-beam-heap.json /opt/apache/beam/options/
COPY deploy/gpu/prefill-djl-cache.sh /opt/rvc/
RUN set -eux; \
    if [ -f /opt/djl-jni/libdjl_torch.so ]; then \
      mkdir -p "$DJL_CACHE_DIR/pytorch/2.7.1-cu128-linux-x86_64"; \
      cp /opt/djl-jni/libdjl_torch.so \
        "$DJL_CACHE_DIR/pytorch/2.7.1-cu128-linux-x86_64/0.36.0-libdjl_torch.so"; \
    fi; \
    /opt/rvc/prefill-djl-cache.sh /opt/rvc/rvc-beam.jar /opt/rvc/sample-data; \
    chmod -R a+rwX "$DJL_CACHE_DIR"
# Beam's boot program stays the entry point (from the base image).

# Dataflow CPU worker: Beam's Java SDK harness with DJL's cache filled (the CPU libtorch inside
# the jar is extracted once here, 432 MB, instead of on every worker's first model load).
#   docker build -f deploy/dataflow/worker-cpu.Dockerfile -t IMAGE .
FROM apache/beam_java17_sdk:2.70.0
ENV DJL_CACHE_DIR=/opt/djl-cache \
    GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=17179869184:glibc.malloc.top_pad=268435456:glibc.malloc.arena_max=1
COPY target/rvc-beam-0.1.0-SNAPSHOT-all.jar /opt/rvc/rvc-beam.jar
COPY sample-data /opt/rvc/sample-data
# The launcher's heap settings for the harness JVM (the boot appends option-*.json's arguments).
COPY deploy/dataflow/beam-options/option-rvc-beam-heap.json /opt/apache/beam/options/
COPY deploy/gpu/prefill-djl-cache.sh /opt/rvc/
RUN /opt/rvc/prefill-djl-cache.sh /opt/rvc/rvc-beam.jar /opt/rvc/sample-data \
    && chmod -R a+rwX "$DJL_CACHE_DIR"

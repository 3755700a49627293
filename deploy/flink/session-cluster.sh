#!/usr/bin/env bash
# Starts a Flink 1.19 session cluster on this machine (or, with its conf/workers file, on
# several) from Apache's binary distribution, set up for rvc-beam:
#   - classloader.check-leaked-classloader false: DoFns keep native libraries that outlive a job;
#   - DJL, JNA and JavaCPP/FFmpeg jars in lib/ and their classes parent-first: a JNI library loads
#     into one class loader per JVM, so without this the second job on a TaskManager fails with
#     UnsatisfiedLinkError ("already loaded in another classloader"). Only those jars: the
#     runnable jar also holds Flink's own classes, which must not shadow the distribution's.
# Usage: session-cluster.sh FLINK_HOME_PARENT_DIR [SLOTS]   (then submit.sh HOST:8081 JOB.yaml)
set -euo pipefail
dir="${1:?usage: session-cluster.sh DIR [SLOTS]}"
slots="${2:-2}"
version="${FLINK_VERSION:-1.19.1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/target/rvc-beam-0.1.0-SNAPSHOT-all.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -DskipTests package)

home="$dir/flink-$version"
if [ ! -d "$home" ]; then
  mkdir -p "$dir"
  curl -fsSL "https://archive.apache.org/dist/flink/flink-$version/flink-$version-bin-scala_2.12.tgz" \
    | tar -xz -C "$dir"
fi
(cd "$root" && mvn -B -q dependency:copy-dependencies -DincludeScope=runtime \
  -DincludeGroupIds=ai.djl,ai.djl.pytorch,net.java.dev.jna,org.bytedeco \
  -DoutputDirectory="$home/lib")
# The whole configuration (the distribution's own is nested YAML; a second value for one of its
# keys would clash). JOBMANAGER_HOST: the name TaskManagers on other machines reach it by.
jm="${JOBMANAGER_HOST:-localhost}"
cat > "$home/conf/config.yaml" <<YAML
jobmanager.rpc.address: $jm
jobmanager.bind-host: 0.0.0.0
jobmanager.memory.process.size: 2g
rest.address: $jm
rest.bind-address: 0.0.0.0
taskmanager.bind-host: 0.0.0.0
taskmanager.numberOfTaskSlots: $slots
taskmanager.memory.process.size: ${TASKMANAGER_MEMORY:-8g}
parallelism.default: $slots
classloader.check-leaked-classloader: false
classloader.parent-first-patterns.additional: ai.djl.;com.sun.jna.;org.bytedeco.
YAML
# The worker environment: TF32 off on GPUs, huge pages, DJL's cache (the job itself sets
# libtorch's threads and DJL's offline mode on each TaskManager).
export NVIDIA_TF32_OVERRIDE=0 GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=17179869184:glibc.malloc.top_pad=268435456:glibc.malloc.arena_max=1
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$dir/djl-cache}"
"$home/bin/start-cluster.sh"
echo "Flink UI and REST: http://localhost:8081 (stop: $home/bin/stop-cluster.sh)"

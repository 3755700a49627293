#!/usr/bin/env bash
# Submits a job file to a running Flink session cluster from this machine: the runnable jar is
# the Flink client and ships itself. Extra arguments are settings or runner options.
# Usage: submit.sh HOST:PORT JOB.yaml [--parallelism=N] [--preset=nvidia] [--batchSize=8] ...
set -euo pipefail
master="${1:?usage: submit.sh HOST:PORT JOB.yaml [options]}"
job="${2:?usage: submit.sh HOST:PORT JOB.yaml [options]}"
shift 2
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/target/rvc-beam-0.1.0-SNAPSHOT-all.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -DskipTests package)
exec java -Xmx2g -jar "$jar" run "$job" --runner=FlinkRunner --flinkMaster="$master" "$@"

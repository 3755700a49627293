#!/usr/bin/env bash
# Builds the runnable jar, the three images (GPU worker, CPU worker, template launcher) and the
# Flex Template spec. Needs Docker (or run the same builds with Cloud Build: see deploy/README.md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=deploy/dataflow/config.sh
source "$here/config.sh"
cd "$root"

mvn -B -DskipTests package            # target/rvc-beam-0.1.0-SNAPSHOT-all.jar
gcloud auth configure-docker "$REGION-docker.pkg.dev" --quiet

docker build -f deploy/dataflow/worker-gpu.Dockerfile -t "$GPU_IMAGE" .
docker build -f deploy/dataflow/worker-cpu.Dockerfile -t "$CPU_IMAGE" .
docker build -f deploy/dataflow/launcher.Dockerfile -t "$LAUNCHER_IMAGE" .
docker push "$GPU_IMAGE"
docker push "$CPU_IMAGE"
docker push "$LAUNCHER_IMAGE"

gcloud dataflow flex-template build "$TEMPLATE" \
  --image="$LAUNCHER_IMAGE" --sdk-language=JAVA \
  --metadata-file=deploy/dataflow/metadata.json
echo "template: $TEMPLATE"

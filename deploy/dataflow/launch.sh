#!/usr/bin/env bash
# Launches the Flex Template once on GPU workers: the job file's catalogue, models and output
# must all be gs:// URIs. Extra arguments are template parameters (settings), e.g.
#   deploy/dataflow/launch.sh batchSize=8 pitch=2
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/dataflow/config.sh
source "$here/config.sh"

params="jobFile=$JOB_FILE,preset=nvidia"
for extra in "$@"; do
  params="$params,$extra"
done
job="rvc-beam-$(date -u +%Y%m%d-%H%M%S)"
# ^~^ makes ~ the list separator: the accelerator option itself holds ';' and ':'.
gcloud dataflow flex-template run "$job" \
  --project="$PROJECT" --region="$REGION" \
  --template-file-gcs-location="$TEMPLATE" \
  --service-account-email="$WORKER_SA" \
  --temp-location="gs://$BUCKET/tmp" --staging-location="gs://$BUCKET/staging" \
  --worker-machine-type="$GPU_MACHINE" --max-workers="${MAX_WORKERS:-4}" \
  --additional-experiments=use_runner_v2 \
  --additional-pipeline-options="^~^dataflowServiceOptions=$ACCELERATOR~sdkContainerImage=$GPU_IMAGE~numberOfWorkerHarnessThreads=${HARNESS_THREADS:-2}" \
  --parameters="$params"
echo "job $job: https://console.cloud.google.com/dataflow/jobs?project=$PROJECT"

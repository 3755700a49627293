#!/usr/bin/env bash
# A Cloud Scheduler job that launches the Flex Template every night at 02:00 UTC over the job
# file's bucket prefix. Each run converts only songs whose output does not exist yet (the job's
# output.overwrite is false), so a nightly run over a grown bucket converts the new songs only.
# Per-run manifest: point the job file's catalogue.manifest at a fixed object (for example
# gs://BUCKET/manifests/tonight.csv) that the upstream delivery overwrites before 02:00; or give
# each run its own job file by launching with jobFile=gs://BUCKET/jobs/DATE.yaml (launch.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/dataflow/config.sh
source "$here/config.sh"

# The scheduler calls the Dataflow API as the job's service account.
body="$(cat <<JSON
{
  "launchParameter": {
    "jobName": "rvc-beam-nightly",
    "containerSpecGcsPath": "$TEMPLATE",
    "parameters": {"jobFile": "$JOB_FILE", "preset": "nvidia"},
    "environment": {
      "serviceAccountEmail": "$WORKER_SA",
      "tempLocation": "gs://$BUCKET/tmp",
      "stagingLocation": "gs://$BUCKET/staging",
      "machineType": "$GPU_MACHINE",
      "maxWorkers": ${MAX_WORKERS:-4},
      "sdkContainerImage": "$GPU_IMAGE",
      "additionalExperiments": ["use_runner_v2"],
      "additionalPipelineOptions": [
        "dataflowServiceOptions=$ACCELERATOR",
        "numberOfWorkerHarnessThreads=${HARNESS_THREADS:-2}"
      ]
    }
  }
}
JSON
)"
gcloud scheduler jobs create http rvc-beam-nightly \
  --project="$PROJECT" --location="$REGION" \
  --schedule="0 2 * * *" --time-zone="Etc/UTC" \
  --uri="https://dataflow.googleapis.com/v1b3/projects/$PROJECT/locations/$REGION/flexTemplates:launch" \
  --http-method=POST --headers="Content-Type=application/json" \
  --message-body="$body" \
  --oauth-service-account-email="$WORKER_SA" \
  --oauth-token-scope="https://www.googleapis.com/auth/cloud-platform"
echo "scheduled; run it now with: gcloud scheduler jobs run rvc-beam-nightly --location=$REGION"

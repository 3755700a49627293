#!/usr/bin/env bash
# The names every deploy/dataflow script uses; source it after setting PROJECT and BUCKET.
#   export PROJECT=my-label-project BUCKET=my-label-audio   # REGION defaults to us-central1
# shellcheck disable=SC2034  # the other scripts read these
set -euo pipefail
: "${PROJECT:?export PROJECT=your-cloud-project-id}"
: "${BUCKET:?export BUCKET=your-bucket-name (without gs://)}"
REGION="${REGION:-us-central1}"
REPO="${REPO:-rvc-beam}"
VERSION="${VERSION:-0.1.0}"
REGISTRY="$REGION-docker.pkg.dev/$PROJECT/$REPO"
GPU_IMAGE="$REGISTRY/worker-gpu:$VERSION"
CPU_IMAGE="$REGISTRY/worker-cpu:$VERSION"
LAUNCHER_IMAGE="$REGISTRY/launcher:$VERSION"
TEMPLATE="gs://$BUCKET/templates/rvc-beam-$VERSION.json"
JOB_FILE="${JOB_FILE:-gs://$BUCKET/jobs/nightly.yaml}"
# The job's service account (workers and launcher).
WORKER_SA="rvc-beam-worker@$PROJECT.iam.gserviceaccount.com"
# One NVIDIA L4 per worker on a g2-standard-8 (8 vCPUs, 32 GB); the driver is installed by Dataflow.
GPU_MACHINE="${GPU_MACHINE:-g2-standard-8}"
ACCELERATOR="worker_accelerator=type:nvidia-l4;count:1;install-nvidia-driver"

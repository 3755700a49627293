#!/usr/bin/env bash
# One time, in an empty project: APIs, the bucket, the image registry, the job's service account.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/dataflow/config.sh
source "$here/config.sh"

gcloud config set project "$PROJECT"
gcloud services enable dataflow.googleapis.com compute.googleapis.com storage.googleapis.com \
  artifactregistry.googleapis.com cloudbuild.googleapis.com cloudscheduler.googleapis.com
gcloud storage buckets create "gs://$BUCKET" --location="$REGION" --uniform-bucket-level-access \
  || echo "bucket gs://$BUCKET exists"
gcloud artifacts repositories create "$REPO" --repository-format=docker --location="$REGION" \
  || echo "registry $REPO exists"
gcloud iam service-accounts create rvc-beam-worker --display-name="rvc-beam Dataflow jobs" \
  || echo "service account exists"
for role in roles/dataflow.worker roles/dataflow.admin roles/storage.objectAdmin \
    roles/artifactregistry.reader roles/iam.serviceAccountUser; do
  gcloud projects add-iam-policy-binding "$PROJECT" --condition=None --quiet \
    --member="serviceAccount:$WORKER_SA" --role="$role" >/dev/null
done
echo "ready: gs://$BUCKET, $REGISTRY, $WORKER_SA"

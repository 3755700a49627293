#!/usr/bin/env bash
# Prints a run's summary, its failed songs and the per-song report of the job file's output
# location. Usage: read-report.sh gs://BUCKET/output/folder
set -euo pipefail
out="${1:?usage: read-report.sh gs://BUCKET/output/folder}"
out="${out%/}"
echo "== summary"
gcloud storage cat "$out/summary.json"
echo "== dead letters (songs that failed, with the stage and the reason)"
gcloud storage cat "$out/dead-letters.jsonl" 2>/dev/null || echo "(none)"
echo "== report: $(gcloud storage cat "$out/report.jsonl" | wc -l) songs; first lines:"
gcloud storage cat "$out/report.jsonl" | head -5

#!/usr/bin/env bash
# Demo: run the plugin's algorithms on the bundled sample through qgis_process, print a summary.
# Add a step: write a function run_<name>, call it from main when its algorithm is listed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
QP="$ROOT/scripts/qgis_process"
OUT=demo-output
SAMPLE=resources/sample/coastal_mosaic.tif
ALGORITHMS=""

log() { echo "demo: $*"; }

list_algorithms() {
  # Fill ALGORITHMS with the ids of the bluecarbon provider's algorithms; fail without the provider.
  local json
  json="$("$QP" list --json 2>/dev/null)"
  ALGORITHMS="$(/usr/bin/python3 -c '
import json, sys
providers = json.loads(sys.stdin.read())["providers"]
if "bluecarbon" not in providers:
    sys.exit("the bluecarbon provider is not listed by qgis_process (run make setup)")
print("\n".join(sorted(providers["bluecarbon"]["algorithms"])))' <<<"$json")"
  log "provider bluecarbon found with $(grep -c . <<<"$ALGORITHMS" || true) algorithm(s)"
}

has_algorithm() { grep -qx "bluecarbon:$1" <<<"$ALGORITHMS"; }

run_patchfragmentation() {
  log "patch fragmentation on $SAMPLE"
  "$QP" run bluecarbon:patchfragmentation -- \
    INPUT="$SAMPLE" LEGEND_PRESET=esa_worldcover \
    OUTPUT_PATCHES="$OUT/patches.gpkg" \
    OUTPUT_CLASS_TABLE="$OUT/class_metrics.csv" \
    OUTPUT_LANDSCAPE_TABLE="$OUT/landscape_metrics.csv" \
    OUTPUT_PATCH_RASTER="$OUT/patch_id.tif" >"$OUT/patchfragmentation.log" 2>&1 \
    || { cat "$OUT/patchfragmentation.log"; return 1; }
}

summary() {
  # Print the first rows of every CSV table the demo wrote.
  /usr/bin/python3 - "$OUT" <<'PY'
import csv, sys
from pathlib import Path
for table in sorted(Path(sys.argv[1]).glob("*.csv")):
    with table.open(newline="") as f:
        rows = list(csv.DictReader(f))
    print(f"\n{table} ({len(rows)} rows)")
    for row in rows[:8]:
        print("  " + ", ".join(f"{k}={v}" for k, v in list(row.items())[:6]))
PY
}

main() {
  list_algorithms
  mkdir -p "$OUT"
  if ! has_algorithm patchfragmentation; then
    log "NOTE: bluecarbon:patchfragmentation is not implemented yet; nothing to run."
    exit 0
  fi
  run_patchfragmentation
  summary
  log "outputs in $OUT/"
}

main "$@"

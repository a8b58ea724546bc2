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

run_fragmentationsurface() {
  log "moving-window fragmentation surfaces (300 m circle) on $SAMPLE"
  "$QP" run bluecarbon:fragmentationsurface -- \
    INPUT="$SAMPLE" LEGEND_PRESET=esa_worldcover RADIUS=300 \
    METRICS=PLAND METRICS=ED METRICS=PD METRICS=AI \
    OUTPUT="$OUT/fragmentation_surfaces.tif" >"$OUT/fragmentationsurface.log" 2>&1 \
    || { cat "$OUT/fragmentationsurface.log"; return 1; }
}

run_sinkcapacity() {
  log "carbon sink capacity (IPCC 2013 Tier 1, 30 m edge band at 60 %, 1000 Monte Carlo draws)"
  "$QP" run bluecarbon:sinkcapacity -- \
    INPUT="$SAMPLE" LEGEND_PRESET=esa_worldcover PARAMETERS=ipcc_2013_tier1 \
    EDGE_DEPTH=30 EDGE_FACTOR=0.6 DRAWS=1000 SEED=1 \
    OUTPUT_TABLE="$OUT/sink_capacity.csv" OUTPUT_PATCHES="$OUT/sink_patches.gpkg" \
    OUTPUT_RASTER="$OUT/sequestration.tif" OUTPUT_PARAMETERS="$OUT/sink_parameters.csv" \
    >"$OUT/sinkcapacity.log" 2>&1 || { cat "$OUT/sinkcapacity.log"; return 1; }
}

run_carbonchange() {
  log "carbon change 2020 -> 2035 (scenario) -> 2050 on $SAMPLE and resources/sample/coastal_mosaic_2035.tif"
  "$QP" run bluecarbon:carbonchange -- \
    SNAPSHOTS="$SAMPLE" SNAPSHOTS=resources/sample/coastal_mosaic_2035.tif YEARS=2020,2035 ANALYSIS_YEAR=2050 \
    LEGEND_PRESET=esa_worldcover PRICE=50 PRICE_GROWTH=2 DISCOUNT_RATE=3 DRAWS=1000 SEED=1 \
    OUTPUT_PERIODS="$OUT/change_periods.csv" OUTPUT_STOCKS="$OUT/change_stocks.csv" \
    OUTPUT_TRANSITION_AREAS="$OUT/change_transition_areas.csv" OUTPUT_TRANSITIONS="$OUT/change_transitions.csv" \
    OUTPUT_NET_SEQUESTRATION="$OUT/change_net_sequestration.tif" OUTPUT_GAIN_LOSS="$OUT/change_gain_loss.tif" \
    >"$OUT/carbonchange.log" 2>&1 || { cat "$OUT/carbonchange.log"; return 1; }
}

summary() {
  # Print the key fragmentation figures of the blue-carbon classes and list every output.
  /usr/bin/python3 - "$OUT" <<'PY'
import csv, sys
from pathlib import Path
out = Path(sys.argv[1])
with (out / "class_metrics.csv").open(newline="") as f:
    classes = list(csv.DictReader(f))
keys = ["CA_ha", "NP", "PD_per_100ha", "LPI_pct", "ED_m_per_ha", "AREA_MN_ha", "ENN_MN_m", "CAI_MN_pct", "COHESION", "AI_pct"]
print("\nBlue-carbon classes (bluecarbon:patchfragmentation, FRAGSTATS definitions):")
print("  " + "class".ljust(34) + "".join(k.rjust(14) for k in keys))
for row in classes:
    if row["ecosystem"] in ("mangrove", "salt_marsh", "seagrass"):
        label = f"{row['name']} ({row['ecosystem']})"[:34]
        print("  " + label.ljust(34) + "".join(f"{float(row[k]):14.4g}" if row[k] else "N/A".rjust(14) for k in keys))
with (out / "landscape_metrics.csv").open(newline="") as f:
    land = next(csv.DictReader(f))
print("\nLandscape: " + ", ".join(f"{k}={float(land[k]):.4g}" for k in ("TA_ha", "NP", "ED_m_per_ha", "CONTAG_pct", "SHDI", "AI_pct")))
sink = out / "sink_capacity.csv"
if sink.exists():
    with sink.open(newline="") as f:
        rows = list(csv.DictReader(f))
    print("\nSink capacity (bluecarbon:sinkcapacity, IPCC 2013 Tier 1; 90 % interval):")
    for r in rows:
        print(f"  {r['ecosystem']:<11} {float(r['area_ha']):8.1f} ha  stock {float(r['total_stock_tC']):10.0f} t C  "
              f"sequestration {float(r['sequestration_tCO2e_yr']):8.1f} t CO2e/yr "
              f"[{float(r['sequestration_tCO2e_yr_p05']):.1f}-{float(r['sequestration_tCO2e_yr_p95']):.1f}]  "
              f"edge loss {float(r['edge_loss_tC_yr']) * 44 / 12:6.1f} t CO2e/yr")
periods = out / "change_periods.csv"
if periods.exists():
    with periods.open(newline="") as f:
        rows = list(csv.DictReader(f))
    print("\nCarbon change 2020 -> 2035 (scenario) -> 2050 (bluecarbon:carbonchange; t CO2e, 90 % interval; "
          "NPV at 50 per t CO2e, +2 %/yr, 3 % discount):")
    for r in rows:
        print(f"  {r['period']:10s} accumulation {float(r['accumulation_tCO2e']):10,.0f}  emissions "
              f"{float(r['emissions_tCO2e']):10,.0f}  net {float(r['net_sequestration_tCO2e']):10,.0f} "
              f"({float(r['net_sequestration_tCO2e_p05']):,.0f} to {float(r['net_sequestration_tCO2e_p95']):,.0f})"
              f"  NPV {float(r['npv_currency']):12,.0f}")
print("\nOutputs:")
for path in sorted(out.iterdir()):
    print(f"  {path} ({path.stat().st_size // 1024} KiB)")
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
  if has_algorithm fragmentationsurface; then run_fragmentationsurface; fi
  if has_algorithm carbonchange; then run_carbonchange; fi
  if has_algorithm sinkcapacity; then run_sinkcapacity; fi
  summary
  log "outputs in $OUT/"
}

main "$@"

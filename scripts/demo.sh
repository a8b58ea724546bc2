#!/usr/bin/env bash
# Demo: run the plugin's algorithms on the bundled sample through qgis_process, print a summary.
# The main job is bluecarbon:blueassessment (every step and the HTML report); the moving-window surfaces,
# which the assessment does not compute, run beside it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
QP="$ROOT/scripts/qgis_process"
OUT=demo-output
SAMPLE=resources/sample/coastal_mosaic.tif
SAMPLE_2035=resources/sample/coastal_mosaic_2035.tif
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

run_blueassessment() {
  # The main job: the whole assessment (fragmentation, sink, change 2020 -> 2035 scenario -> 2050, service
  # flows to the demo demand units, HTML report) written into $OUT in one all-or-nothing run.
  local log_file
  log_file="$(mktemp)"
  log "blue carbon assessment of $SAMPLE (2020) and $SAMPLE_2035 (2035 scenario), change to 2050,"
  log "  Mcleod 2011 + IPCC 2013 Tier 1 + InVEST defaults (the default presets), 30 m edge band at 60 %, 1000 Monte Carlo draws,"
  log "  flows to resources/sample/demand_units.gpkg (least cost, exp(-d/1500), reach 8000 cost-m),"
  log "  restoration sites on the bare flats (class 60) of the 2035 map, 50 ha portfolio (report section 'Restoration sites')"
  "$QP" run bluecarbon:blueassessment -- \
    INPUT="$SAMPLE" YEAR_1=2020 INPUT_2="$SAMPLE_2035" YEAR_2=2035 ANALYSIS_YEAR=2050 \
    LEGEND_PRESET=esa_worldcover PARAMETERS=mcleod_2011 PARAMETERS=ipcc_2013_tier1 PARAMETERS=invest_cbc_defaults \
    EDGE_DEPTH=30 EDGE_FACTOR=0.6 DRAWS=1000 SEED=1 PRICE=50 CURRENCY=USD PRICE_GROWTH=2 DISCOUNT_RATE=3 \
    DEMAND_UNITS=resources/sample/demand_units.gpkg DEMAND_FIELD=emissions_tC_yr NAME_FIELD=name \
    DECAY=exponential DECAY_DISTANCE=1500 MAX_DISTANCE=8000 DISTANCE_MODE=least_cost \
    RESTORATION=true RESTORABLE=60 RESTORATION_BUDGET=50 \
    TITLE="Blue carbon assessment of the sample coastal mosaic" \
    OUTPUT_FOLDER="$OUT" >"$log_file" 2>&1 \
    || { cat "$log_file"; rm -f "$log_file"; return 1; }
  mv "$log_file" "$OUT/blueassessment.log"
}

FLOW_SETTINGS=(
  LEGEND_PRESET=esa_worldcover PARAMETERS=mcleod_2011 PARAMETERS=ipcc_2013_tier1 PARAMETERS=invest_cbc_defaults EDGE_DEPTH=30 EDGE_FACTOR=0.6
  DEMAND_UNITS=resources/sample/demand_units.gpkg DEMAND_FIELD=emissions_tC_yr NAME_FIELD=name
  DECAY=exponential DECAY_DISTANCE=1500 MAX_DISTANCE=8000 DISTANCE_MODE=least_cost
)

run_flow_allocations() {
  # The assessment's flows use the capped allocation (the default); the same 2020 flows with the two other
  # allocations, for the side-by-side totals of the summary.
  local method dir
  for method in accessible_supply aspatial; do
    dir="$OUT/flow_allocations/$method"
    mkdir -p "$dir"
    log "service flow of $SAMPLE (2020) with ALLOCATION=$method"
    "$QP" run bluecarbon:carbonserviceflow -- INPUT="$SAMPLE" "${FLOW_SETTINGS[@]}" ALLOCATION="$method" \
      OUTPUT_LINKS="$dir/flow_links.gpkg" OUTPUT_PATCHES="$dir/flow_patches.csv" OUTPUT_DEMAND="$dir/flow_demand.csv" \
      OUTPUT_NETWORK="$dir/flow_network.csv" >"$dir/carbonserviceflow.log" 2>&1 \
      || { cat "$dir/carbonserviceflow.log"; return 1; }
  done
}

run_flow_sensitivity() {
  # Morris screening of the 2020 flows (the assessment's settings): 3 trajectories, (k + 1) x 3 runs, each
  # repeating the least-cost search (the resistances are factors); printed as a table.
  local dir="$OUT/flow_sensitivity"
  mkdir -p "$dir"
  log "flow sensitivity (Morris, 3 trajectories) of the 2020 flows over lambda, d_max, the resistances and the edge factor"
  "$QP" run bluecarbon:flowsensitivity -- INPUT="$SAMPLE" "${FLOW_SETTINGS[@]}" METHOD=morris SAMPLES=3 SEED=1 \
    OUTPUT_TABLE="$dir/flow_sensitivity.csv" OUTPUT_CHART="$dir/flow_sensitivity.png" \
    >"$dir/flowsensitivity.log" 2>&1 || { cat "$dir/flowsensitivity.log"; return 1; }
  /usr/bin/python3 - "$dir/flow_sensitivity.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as f:
    rows = list(csv.DictReader(f))
print(f"\nFlow sensitivity (Morris, {rows[0]['runs']} runs; mu* = mean |elementary effect| over the whole range):")
print("  " + "factor".ljust(24) + "range".rjust(14) + "attributed mu* (t C/yr)".rjust(26) + "sigma".rjust(10)
      + "share met mu*".rjust(16))
by = {(r["factor"], r["output"]): r for r in rows}
for factor in dict.fromkeys(r["factor"] for r in rows):
    a, s = by[factor, "attributed_tC_yr"], by[factor, "share_of_demand_met"]
    span = f"{float(a['low']):g}-{float(a['high']):g}"
    print("  " + factor.ljust(24) + span.rjust(14) + f"{float(a['mu_star']):26.1f}{float(a['sigma']):10.1f}"
          + f"{float(s['mu_star']):16.3f}")
PY
}

run_flow_zones() {
  # The 2020 -> 2035 change in attributed flow split into channels and summed per zone of
  # resources/sample/zones.gpkg, beside each zone's moving-window fragmentation at both dates.
  local dir="$OUT/flow_zones"
  mkdir -p "$dir"
  log "flow change 2020 -> 2035 by zone (resources/sample/zones.gpkg; PLAND and ED in a 500 m window)"
  "$QP" run bluecarbon:carbonserviceflow -- INPUT="$SAMPLE" INPUT_2="$SAMPLE_2035" "${FLOW_SETTINGS[@]}" \
    ZONES=resources/sample/zones.gpkg ZONE_FIELD=zone ZONE_RADIUS=500 OUTPUT_ZONES="$dir/flow_zones.csv" \
    OUTPUT_DECOMPOSITION="$dir/flow_decomposition.csv" OUTPUT_LINKS="$dir/flow_links.gpkg" \
    OUTPUT_PATCHES="$dir/flow_patches.csv" OUTPUT_DEMAND="$dir/flow_demand.csv" OUTPUT_NETWORK="$dir/flow_network.csv" \
    >"$dir/carbonserviceflow.log" 2>&1 || { cat "$dir/carbonserviceflow.log"; return 1; }
  /usr/bin/python3 - "$dir/flow_zones.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
pland = sorted(k[: -len("_mean_1")] for k in rows[0] if k.startswith("PLAND_") and k.endswith("_mean_1"))
channels = [k for k in ("area", "edge", "reach", "saturation", "demand") if f"dF_{k}_tC_yr" in rows[0]]
print("\nFlow change by zone, 2020 -> 2035 (t C/yr, summed over each zone's cells; blue carbon in ha; "
      "PLAND = mean % of the 500 m window):")
print("  " + "zone".ljust(26) + "blue carbon".rjust(20) + "".join(f"{p[6:][:14] + ' PLAND':>26}" for p in pland)
      + "".join(f"{c:>11}" for c in channels) + f"{'total':>10}")
def num(v):
    return float(v) if v not in ("", None) else float("nan")
for r in rows:
    name = r.get("zone_name") or r.get("zone_id")
    line = "  " + str(name)[:25].ljust(26) + f"{num(r['blue_carbon_area_ha_1']):9.1f} ->{num(r['blue_carbon_area_ha_2']):8.1f}"
    line += "".join(f"{num(r[p + '_mean_1']):14.1f} ->{num(r[p + '_mean_2']):8.1f}" for p in pland)
    line += "".join(f"{round(num(r[f'dF_{c}_tC_yr']), 1) + 0.0:+11.1f}" for c in channels)
    line += f"{round(num(r['dF_total_tC_yr']), 1) + 0.0:+10.1f}"
    print(line)
PY
}

run_fragmentationsurface() {
  log "moving-window fragmentation surfaces (300 m circle) on $SAMPLE"
  "$QP" run bluecarbon:fragmentationsurface -- \
    INPUT="$SAMPLE" LEGEND_PRESET=esa_worldcover RADIUS=300 \
    METRICS=PLAND METRICS=ED METRICS=PD METRICS=AI \
    OUTPUT="$OUT/fragmentation_surfaces.tif" >"$OUT/fragmentationsurface.log" 2>&1 \
    || { cat "$OUT/fragmentationsurface.log"; return 1; }
}

run_restoration() {
  # Restoration planning: MSPA of the blue-carbon habitat (1-cell edge) and patch connectivity (PC with
  # p = 0.05 at 500 m, least-cost corridors between patches linked within it).
  log "restoration planning: MSPA and connectivity (PC, p = 0.05 at 500 m) of the blue-carbon patches"
  mkdir -p "$OUT/restoration"
  "$QP" run bluecarbon:mspa -- INPUT="$SAMPLE" LEGEND_PRESET=esa_worldcover EDGE_WIDTH=1 \
    OUTPUT="$OUT/restoration/mspa.tif" OUTPUT_TABLE="$OUT/restoration/mspa_areas.csv" \
    >"$OUT/restoration/mspa.log" 2>&1 || { cat "$OUT/restoration/mspa.log"; return 1; }
  "$QP" run bluecarbon:connectivity -- INPUT="$SAMPLE" LEGEND_PRESET=esa_worldcover THRESHOLD=500 \
    PROBABILITY=0.05 OUTPUT_NODES="$OUT/restoration/connectivity_nodes.csv" \
    OUTPUT_LANDSCAPE="$OUT/restoration/connectivity.csv" \
    >"$OUT/restoration/connectivity.log" 2>&1 || { cat "$OUT/restoration/connectivity.log"; return 1; }
  log "restoration sites: bare flats (class 60) next to the mangroves, ranked by carbon and connectivity gains; 50 ha budget"
  log "  each site's flow gain to the demand units (reach 4000 m) is reported, not scored (WEIGHT_FLOW=0)"
  "$QP" run bluecarbon:restorationpriority -- INPUT="$SAMPLE" LEGEND_PRESET=esa_worldcover CLASSES=mangrove \
    RESTORABLE=60 TARGET_ECOSYSTEM=mangrove THRESHOLD=300 MAX_SITE_HA=20 MIN_SITE_HA=1 BUDGET_KIND=area BUDGET=50 \
    DEMAND_UNITS=resources/sample/demand_units.gpkg DEMAND_FIELD=emissions_tC_yr MAX_DISTANCE=4000 WEIGHT_FLOW=0 \
    OUTPUT_SITES="$OUT/restoration/sites.gpkg" OUTPUT_PORTFOLIO="$OUT/restoration/portfolio.csv" \
    OUTPUT_CHART="$OUT/restoration/portfolio.png" \
    >"$OUT/restoration/priority.log" 2>&1 || { cat "$OUT/restoration/priority.log"; return 1; }
  /usr/bin/python3 - "$OUT/restoration" <<'PY'
import csv, sys
from pathlib import Path
out = Path(sys.argv[1])
with (out / "mspa_areas.csv").open(newline="") as f:
    rows = list(csv.DictReader(f))
area = next(k for k in rows[0] if k.startswith("area") and k.endswith("ha"))
totals = {}
for r in rows:
    totals[r["mspa_class"] if "mspa_class" in r else r[next(iter(r))]] = totals.get(
        r["mspa_class"] if "mspa_class" in r else r[next(iter(r))], 0.0) + float(r[area] or 0)
print("\nRestoration planning (MSPA, ha): " + ", ".join(f"{k} {v:.1f}" for k, v in totals.items()))
with (out / "connectivity.csv").open(newline="") as f:
    land = next(csv.DictReader(f))
print("  connectivity: " + ", ".join(f"{k} {float(land[k]):.4g}" for k in ("n_nodes", "n_components", "PC", "IIC", "EC_PC_ha")
                                     if k in land))
with (out / "connectivity_nodes.csv").open(newline="") as f:
    nodes = list(csv.DictReader(f))
key = next((k for k in ("dPC", "dPC_pct") if k in nodes[0]), None)
if key:
    top = sorted(nodes, key=lambda r: -float(r[key] or 0))[:3]
    print("  most important patches for connectivity (dPC %): " + ", ".join(
        f"{r.get('node_id', r.get('patch_id', '?'))} {float(r[key]):.2f}" for r in top))
with (out / "portfolio.csv").open(newline="") as f:
    picks = list(csv.DictReader(f))
if picks:
    last = picks[-1]
    cols = list(last)
    def col(*names):
        return next((c for c in cols for n in names if c == n), None)
    area = col("cumulative_area_ha", "area_ha_cumulative")
    co2 = col("cumulative_sequestration_tCO2e_yr", "sequestration_tCO2e_yr_cumulative")
    ec = col("EC_after_ha", "ec_after_ha", "EC_PC_after_ha")
    text = f"  restoration portfolio (50 ha budget): {len(picks)} sites"
    if area:
        text += f", {float(last[area]):.1f} ha"
    if co2:
        text += f", +{float(last[co2]):.0f} t CO2e/yr"
    if ec:
        text += f", EC(PC) after {float(last[ec]):.1f} ha"
    if "cumulative_flow_gain_tC_yr" in last:
        text += f", +{float(last['cumulative_flow_gain_tC_yr']):.1f} t C/yr attributed to the demand units"
    print(text)
PY
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
print("\nBlue-carbon classes in 2020 (FRAGSTATS definitions):")
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
    print("\nSink capacity in 2020 (Mcleod 2011 + IPCC 2013 Tier 1 + InVEST defaults; 90 % interval):")
    for r in rows:
        print(f"  {r['ecosystem']:<11} {float(r['area_ha']):8.1f} ha  stock {float(r['total_stock_tC']):10.0f} t C  "
              f"sequestration {float(r['sequestration_tCO2e_yr']):8.1f} t CO2e/yr "
              f"[{float(r['sequestration_tCO2e_yr_p05']):.1f}-{float(r['sequestration_tCO2e_yr_p95']):.1f}]  "
              f"edge loss {float(r['edge_loss_tC_yr']) * 44 / 12:6.1f} t CO2e/yr")
periods = out / "change_periods.csv"
if periods.exists():
    with periods.open(newline="") as f:
        rows = list(csv.DictReader(f))
    print("\nCarbon change 2020 -> 2035 (scenario) -> 2050 (t CO2e, 90 % interval; "
          "NPV at 50 USD per t CO2e, +2 %/yr, 3 % discount):")
    for r in rows:
        print(f"  {r['period']:10s} accumulation {float(r['accumulation_tCO2e']):10,.0f}  emissions "
              f"{float(r['emissions_tCO2e']):10,.0f}  net {float(r['net_sequestration_tCO2e']):10,.0f} "
              f"({float(r['net_sequestration_tCO2e_p05']):,.0f} to {float(r['net_sequestration_tCO2e_p95']):,.0f})"
              f"  NPV {float(r['npv_currency']):12,.0f} {r.get('currency', '')}")
flow = out / "flow_network.csv"
if flow.exists():
    with flow.open(newline="") as f:
        table = list(csv.DictReader(f))
    col = "value" if "value" in table[0] else "date_1"
    net = {r["indicator"]: r[col] for r in table}
    with (out / "flow_demand.csv").open(newline="") as f:
        units = [u for u in csv.DictReader(f) if u["date"] == "1"]
    print("\nCarbon service flow (least cost, exp(-d/1500), reach 8000 cost-m; 2020; flows attributed to the units, "
          "capped at their demand):")
    print(f"  supply {float(net['supply_tC_yr']):.1f} t C/yr: attributed {float(net['attributed_tC_yr']):.1f} "
          f"(at most {float(net['max_deliverable_tC_yr']):.1f} within reach, the LP optimum), unallocated "
          f"{float(net['unallocated_tC_yr']):.1f} (no demand in reach {float(net['unallocated_no_demand_tC_yr']):.1f}, "
          f"demand in reach saturated {float(net['unallocated_saturated_tC_yr']):.1f}); "
          f"demand {float(net['demand_tC_yr']):.0f} t C/yr, {float(net['share_of_demand_met']):.1%} met")
    totals = {"capped": net}
    for method in ("aspatial", "accessible_supply"):
        path = out / "flow_allocations" / method / "flow_network.csv"
        if path.exists():
            with path.open(newline="") as f:
                totals[method] = {r["indicator"]: r["value"] for r in csv.DictReader(f)}
    print("  allocation side by side (t C/yr):   " + "".join(f"{m:>20}" for m in totals))
    for key, label in (("attributed_tC_yr", "attributed to the units"), ("unallocated_tC_yr", "unallocated"),
                       ("unmet_demand_tC_yr", "unmet demand")):
        print(f"    {label:<32}" + "".join(f"{float(t[key]):20.1f}" for t in totals.values()))
    print(f"    {'share of demand met':<32}" + "".join(f"{float(t['share_of_demand_met']):20.1%}" for t in totals.values()))
    print(f"  network: {float(net['links_e']):.0f} links, density {float(net['link_density']):.3f}, "
          f"alpha {float(net['alpha']):.3f}, beta {float(net['beta']):.3f}, gamma {float(net['gamma']):.3f}")
    for u in units:
        print(f"  {u['name']:<10} demand {float(u['demand_tC_yr']):7.0f}  attributed {float(u['received_tC_yr']):6.1f} t C/yr  "
              f"ESDR {float(u['esdr']):+.3f}  from {u['n_suppliers']} patches")
    if col == "date_1":
        ch = {r["indicator"]: r["change"] for r in table}
        print(f"  2020 -> 2035: attributed {float(ch['attributed_tC_yr']):+.1f} t C/yr; links kept {float(ch['links_kept']):.0f}, "
              f"lost {float(ch['links_lost']):.0f}, gained {float(ch['links_gained']):.0f}; "
              f"{float(ch['lineages_redirected']):.0f} patches redirected")
        print("  change in attributed flow by patch fate (t C/yr): " + ", ".join(
            f"{k} {float(ch[f'delivered_change_{k}_tC_yr']):+.1f} ({float(ch[f'patches_{k}']):.0f})"
            for k in ("split", "shrunk", "lost", "merged", "grown", "unchanged", "new")))
    decomposition = out / "flow_decomposition.csv"
    if decomposition.exists():
        with decomposition.open(newline="") as f:
            terms = {r["term"]: r for r in csv.DictReader(f)}
        print("  why it changed, 2020 -> 2035 (order-averaged counterfactual runs, t C/yr): " + ", ".join(
            f"{k} {float(terms[k]['change_tC_yr']):+.1f}" for k in ("area", "edge", "reach", "saturation", "demand"))
              + f" = {float(terms['total']['change_tC_yr']):+.1f}")
print("\nOutputs:")
for path in sorted(out.iterdir()):
    size = sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size
    print(f"  {path}{'/' if path.is_dir() else ''} ({size // 1024} KiB)")
PY
}

run_batch_engine() {
  # The engine without QGIS, as a batch user runs it on a cluster node: python -m bluecarbon.core, on one
  # worker and on two worker processes; the class tables must be the same byte for byte.
  local py="$ROOT/.venv/bin/python"
  local plugins="$ROOT/.build/plugins"
  mkdir -p "$OUT/batch"
  log "batch engine (no QGIS): python -m bluecarbon.core fragmentation $SAMPLE, --workers 1 and --workers 2"
  for n in 1 2; do
    PYTHONPATH="$plugins" "$py" -m bluecarbon.core fragmentation "$SAMPLE" --legend esa_worldcover --edge-depth 30 \
      --rows-per-strip 64 --workers "$n" --quiet \
      --class-table "$OUT/batch/class_workers$n.csv" --landscape-table "$OUT/batch/landscape_workers$n.csv"
  done
  if cmp -s "$OUT/batch/class_workers1.csv" "$OUT/batch/class_workers2.csv" \
     && cmp -s "$OUT/batch/landscape_workers1.csv" "$OUT/batch/landscape_workers2.csv"; then
    log "  2 worker processes gave the one-worker class and landscape tables byte for byte"
  else
    log "  the tables of 1 and 2 workers differ"; return 1
  fi
}

main() {
  list_algorithms
  rm -rf "$OUT"  # a fresh set of outputs each time (the folder is generated, git-ignored)
  run_blueassessment
  run_flow_allocations
  run_flow_sensitivity
  run_flow_zones
  run_fragmentationsurface
  run_restoration
  run_batch_engine
  summary
  log "outputs in $OUT/; open $OUT/report.html in a browser"
}

main "$@"

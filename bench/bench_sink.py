"""Sink capacity on a 10000² raster next to a plain rasterio block read of the same file.

Run: PYTHONPATH=.build/plugins .venv/bin/python bench/bench_sink.py [--raster PATH] [--repeat N]
Each measurement runs in its own process (wall seconds of the timed work, peak RSS of the process).
The raster is bench/output/clustered_10000.tif (bench/make_rasters.py), its classes 1-5 read as
mangrove, salt marsh, seagrass, tidal flat and non-habitat.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHILD = r'''
import json, resource, sys, time
import numpy as np
import rasterio
mode, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
if mode != "read":  # imports are not part of the timed work
    from bluecarbon.core.classes import build_scheme
    from bluecarbon.core.landcover import open_landcover
    from bluecarbon.core.legend import Legend, LegendEntry
    from bluecarbon.core.parameters import load_parameters
    from bluecarbon.core.sink import SinkOptions, assess_sink, write_sequestration_raster
t0 = time.perf_counter()
if mode == "read":
    with rasterio.open(path) as src:
        total = 0
        for _, window in src.block_windows(1):
            total += int(src.read(1, window=window).sum())
else:
    legend = Legend([LegendEntry(1, "m", "mangrove"), LegendEntry(2, "s", "salt_marsh"), LegendEntry(3, "g", "seagrass"),
                     LegendEntry(4, "t", "tidal_flat"), LegendEntry(5, "n", "non_habitat")])
    lc = open_landcover(path)
    scheme = build_scheme(lc.value_counts(), legend)
    table = load_parameters("ipcc_2013_tier1")
    edge = mode.endswith("edge")
    opts = SinkOptions(edge_depth_m=30.0 if edge else None, edge_factor=0.6 if edge else 1.0, draws=1000)
    res = assess_sink(lc, scheme, table, opts, per_patch=mode.startswith("patches"))
    if "raster" in mode:
        write_sequestration_raster(out, lc, scheme, table, opts)
    res.close()
print(json.dumps({"seconds": time.perf_counter() - t0, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6}))
'''
MODES = [
    ("read", "plain rasterio block read"),
    ("totals", "sink totals per ecosystem + 1000 Monte Carlo draws"),
    ("totals_edge", "same with a 30 m edge band"),
    ("totals_raster", "totals + sequestration raster (2 float32 bands)"),
    ("patches_edge", "per patch (labelling) with the edge band"),
]


def run(mode: str, raster: Path, out: Path) -> dict:
    """One measurement in a fresh process."""
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / ".build" / "plugins"), PROJ_DATA="/usr/share/proj")
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(raster), str(out)], capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--raster", type=Path, default=HERE / "output" / "clustered_10000.tif")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    if not args.raster.exists():
        raise SystemExit(f"{args.raster} is missing: run bench/make_rasters.py first")
    out = HERE / "output" / "sink_bench.tif"
    rows = []
    for mode, text in MODES:
        best = min((run(mode, args.raster, out) for _ in range(args.repeat)), key=lambda r: r["seconds"])
        rows.append((text, best))
    read = rows[0][1]["seconds"]
    print(f"raster: {args.raster}")
    print(f"{'step':<55} {'seconds':>8} {'x read':>7} {'peak MB':>8}")
    for text, r in rows:
        print(f"{text:<55} {r['seconds']:8.2f} {r['seconds'] / read:7.1f} {r['peak_mb']:8.0f}")


if __name__ == "__main__":
    main()

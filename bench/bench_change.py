"""Time bluecarbon's carbon-change engine on a 10000² raster pair against a plain rasterio block read.

The first date is ``bench/output/clustered_10000.tif`` (``bench/make_rasters.py``: 5 classes). The second
date is derived from it deterministically, block by block (512 x 512 blocks, block row i, column j):
class 1 becomes 4 in the blocks with (i + j) % 5 == 0 (a conversion of "mangrove" to "ponds"), class 3
becomes 1 in the blocks with (2i + j) % 7 == 0 (restoration), class 2 becomes 5 in the blocks with
(i + 3j) % 11 == 0 (reclamation). A legend maps 1 mangrove, 2 salt_marsh, 3 tidal_flat, 4 open_water,
5 non_habitat. Each measurement runs in its own process (time and peak RSS of that process):

- ``read``: a plain rasterio read of every block of one file, and of both files;
- ``analysis``: open_snapshots + analyse_change (pass 1, bookkeeping, tables; no rasters);
- ``full_net``: the same plus the net sequestration raster (pass 2: one band per period and the total);
- ``full``: the same plus all four change rasters (10 float32 bands of 10⁸ cells, DEFLATE).

Usage: ``PYTHONPATH=.build/plugins .venv/bin/python bench/bench_change.py [--size 10000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "output"
TAG = "BENCH_CHANGE "
LEGEND = "value,name,ecosystem\n1,Mangrove,mangrove\n2,Salt marsh,salt_marsh\n3,Tidal flat,tidal_flat\n" \
         "4,Ponds,open_water\n5,Built-up,non_habitat\n"


def second_date(first: Path, second: Path) -> None:
    """Write the derived second date next to the first (block by block, same profile)."""
    import rasterio

    if second.exists() and second.stat().st_mtime > first.stat().st_mtime:
        return
    with rasterio.open(first) as src:
        profile = src.profile
        tmp = second.with_suffix(".part.tif")
        with rasterio.open(tmp, "w", **profile) as dst:
            for (bi, bj), window in src.block_windows(1):
                block = src.read(1, window=window)
                out = block.copy()
                if (bi + bj) % 5 == 0:
                    out[block == 1] = 4
                if (2 * bi + bj) % 7 == 0:
                    out[block == 3] = 1
                if (bi + 3 * bj) % 11 == 0:
                    out[block == 2] = 5
                dst.write(out, 1, window=window)
    os.replace(tmp, second)


def child(mode: str, files: list[str], legend: str, out_dir: str) -> None:
    """One measurement in this process; prints a result line."""
    import rasterio

    sys.path.insert(0, str(ROOT / ".build" / "plugins"))
    from bluecarbon.core.change import ChangeOptions, analyse_change, open_snapshots, write_change_rasters, \
        write_change_tables
    from bluecarbon.core.io import OutputBatch
    from bluecarbon.core.parameters import load_parameters
    from bluecarbon.core.valuation import Valuation

    start = time.perf_counter()  # after the imports: only reading and computing are timed
    if mode.startswith("read"):
        cells = 0
        for path in files:
            with rasterio.open(path) as src:
                for _ij, window in src.block_windows(1):
                    cells += src.read(1, window=window).size
        extra = {"cells": cells}
    else:
        table = load_parameters("ipcc_2013_tier1").merge(load_parameters("invest_cbc_defaults"))
        with open_snapshots(files, [2020, 2035], legend) as snaps:
            t0 = time.perf_counter()
            result = analyse_change(snaps, table, valuation=Valuation(price=50.0, discount_rate=0.03),
                                    options=ChangeOptions(analysis_year=2050))
            analysis_s = time.perf_counter() - t0
            with OutputBatch() as batch:
                write_change_tables(result, f"{out_dir}/periods.csv", f"{out_dir}/stocks.csv",
                                    f"{out_dir}/areas.csv", f"{out_dir}/transitions.csv", batch=batch)
                if mode.startswith("full"):
                    kinds = ("net_sequestration", "accumulation", "emissions", "gain_loss")
                    kinds = kinds if mode == "full" else kinds[:1]
                    write_change_rasters(result, snaps, {k: f"{out_dir}/{k}.tif" for k in kinds}, batch)
        extra = {
            "analysis_s": analysis_s,
            "histories": result.histories.n,
            "net_sequestration_tCO2e": result.total("net_sequestration_tCO2e"),
            "emissions_tCO2e": result.total("emissions_tCO2e"),
        }
    extra["seconds"] = time.perf_counter() - start
    extra["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(TAG + json.dumps(extra), flush=True)


def measure(mode: str, files: list[str], legend: str, out_dir: str) -> dict:
    """Run one child process and parse its result line."""
    env = dict(os.environ, PROJ_DATA=os.environ.get("PROJ_DATA", "/usr/share/proj"))
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--legend", legend, "--out-dir", out_dir, *files],
        capture_output=True, text=True, env=env, check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith(TAG):
            return json.loads(line[len(TAG):])
    raise RuntimeError(done.stdout + done.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child")
    parser.add_argument("--legend")
    parser.add_argument("--out-dir")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.files, args.legend, args.out_dir)
        return
    first = OUT / f"clustered_{args.size}.tif"
    if not first.exists():
        sys.exit(f"{first} is missing: run bench/make_rasters.py first")
    second = OUT / f"clustered_{args.size}_2035.tif"
    second_date(first, second)
    legend = OUT / "bench_change_legend.csv"
    legend.write_text(LEGEND)
    files = [str(first), str(second)]
    rows = []
    with tempfile.TemporaryDirectory(dir=OUT) as out_dir:
        measure("read", files, str(legend), out_dir)  # warm the page cache
        for _ in range(args.repeat):
            rows.append({
                "read_one": measure("read", files[:1], str(legend), out_dir),
                "read_both": measure("read", files, str(legend), out_dir),
                "analysis": measure("analysis", files, str(legend), out_dir),
                "full_net": measure("full_net", files, str(legend), out_dir),
                "full": measure("full", files, str(legend), out_dir),
            })
    best = {k: min(rows, key=lambda r: r[k]["seconds"])[k] for k in rows[0]}
    print(f"carbon change on {args.size}² cells, 2 dates (best of {args.repeat}; seconds, peak RSS of the process)")
    for key, label in (("read_one", "plain rasterio block read, one date"), ("read_both", "plain block read, both dates"),
                       ("analysis", "change analysis (pass 1 + bookkeeping + tables)"),
                       ("full_net", "change + net sequestration raster (3 bands)"),
                       ("full", "change + 4 rasters (10 bands) + tables")):
        r = best[key]
        print(f"  {label:48s} {r['seconds']:7.2f} s  {r['maxrss_mb']:7.0f} MB")
    ratio = best["analysis"]["seconds"] / best["read_both"]["seconds"]
    print(f"  analysis / read of both dates: {ratio:.2f}x (target < 3x); "
          f"full / read of both dates: {best['full']['seconds'] / best['read_both']['seconds']:.2f}x")
    print(f"  histories: {best['analysis']['histories']}, net sequestration {best['analysis']['net_sequestration_tCO2e']:,.0f} "
          f"t CO2e, emissions {best['analysis']['emissions_tCO2e']:,.0f} t CO2e")


if __name__ == "__main__":
    main()

"""Benchmark child: landschaft (compiled, GPL) class metrics including ENN on one raster."""

from __future__ import annotations

import _child  # noqa: F401  (starts the clock before the heavy imports)

import argparse  # noqa: E402
from typing import Optional  # noqa: E402

import landschaft  # noqa: E402

METRICS = [
    "ca", "pland", "np", "pd", "lpi", "te", "ed", "area_mn", "area_sd", "area_cv", "area_am",
    "shape_mn", "frac_mn", "tca", "cpland", "enn_mn", "enn_sd", "cohesion", "division", "mesh",
    "split", "ai", "pladj", "clumpy", "iji",
]
"""The issue's class metrics under landschaft's (landscapemetrics) names."""


def main(argv: Optional[list[str]] = None) -> None:
    """Compute the class metrics (FRAGSTATS convention) and write them as CSV (one row per class)."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("raster")
    ap.add_argument("--csv", default=None)
    ap.add_argument("--threads", type=int, default=None, help="C++ threads (landschaft default: all cores but one)")
    args = ap.parse_args(argv)
    import_s = _child.since_start()
    df = landschaft.landscape_metrics(
        args.raster, what=[f"lsm_c_{m}" for m in METRICS], convention="fragstats", n_threads=args.threads
    )
    wide = df.pivot(index="class", columns="metric", values="value")
    if args.csv:
        table = {"class": list(wide.index)}
        table.update({c: wide[c].to_numpy() for c in wide.columns})
        _child.write_table(args.csv, table)
    _child.report(
        import_s=import_s, version=landschaft.__version__, threads=landschaft.default_threads(), n_columns=len(wide.columns)
    )


if __name__ == "__main__":
    main()

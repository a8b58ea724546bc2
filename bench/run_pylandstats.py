"""Benchmark child: pylandstats class metrics on one raster (ENN only when asked: it is all-pairs)."""

from __future__ import annotations

import _child  # noqa: F401  (starts the clock before the heavy imports)

import argparse  # noqa: E402
from importlib.metadata import version  # noqa: E402
from typing import Optional  # noqa: E402

import pylandstats as pls  # noqa: E402

METRICS = [
    "total_area",
    "proportion_of_landscape",
    "number_of_patches",
    "patch_density",
    "largest_patch_index",
    "total_edge",
    "edge_density",
    "area_mn",
    "area_sd",
    "area_cv",
    "area_am",
    "shape_index_mn",
    "fractal_dimension_mn",
    "total_core_area",
    "core_area_proportion_of_landscape",
    "effective_mesh_size",
]
"""pylandstats 3.1 names of the issue's class metrics it has (no COHESION, DIVISION, SPLIT, AI, PLADJ, CLUMPY, IJI)."""
ENN_METRICS = ["euclidean_nearest_neighbor_mn", "euclidean_nearest_neighbor_sd"]


def main(argv: Optional[list[str]] = None) -> None:
    """Compute the class metrics and write them as CSV (one row per class)."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("raster")
    ap.add_argument("--enn", action="store_true", help="also ENN_MN/SD (all-pairs: small rasters only)")
    ap.add_argument("--csv", default=None)
    args = ap.parse_args(argv)
    import_s = _child.since_start()
    ls = pls.Landscape(args.raster, nodata=0)  # the file has no nodata; pylandstats 3.1 fails on None (TE)
    df = ls.compute_class_metrics_df(metrics=METRICS + (ENN_METRICS if args.enn else []))
    if args.csv:
        table = {"class": list(df.index)}
        table.update({c: df[c].to_numpy() for c in df.columns})
        _child.write_table(args.csv, table)
    _child.report(import_s=import_s, version=version("pylandstats"), n_columns=len(df.columns))


if __name__ == "__main__":
    main()

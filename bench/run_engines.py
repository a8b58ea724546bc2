"""Benchmark child: the moving-window surfaces or the per-patch sink on one raster, on 1 worker, N processes or a
Dask LocalCluster; writes a table whose bytes are compared between the ways of running the strips."""

from __future__ import annotations

import _child  # noqa: F401  (starts the clock before the heavy imports)

import argparse  # noqa: E402
import hashlib  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
from typing import Optional  # noqa: E402

import numpy as np  # noqa: E402

from bluecarbon.core.classes import build_scheme  # noqa: E402
from bluecarbon.core.landcover import open_landcover  # noqa: E402
from bluecarbon.core.parallel import Parallelism  # noqa: E402

WINDOW_METRICS = ("PLAND", "ED", "PD", "AI", "MESH", "LPI")
WINDOW_CLASSES = (1, 3)
WINDOW_RADIUS_M = 300.0  # a 317-cell circle at 30 m, as in docs/moving-window.md


def surfaces(raster: str, workers: int, cluster, out_dir: str) -> dict:
    """All six moving-window metrics of 2 classes to a GeoTIFF; per band its statistics and a digest of its pixels."""
    from bluecarbon.core.fragmentation.moving_window import fragmentation_surfaces
    import rasterio
    import rasterio.windows

    lc = open_landcover(raster)
    scheme = build_scheme(lc.value_counts(), None)
    path = os.path.join(out_dir, "surfaces.tif")
    result = fragmentation_surfaces(lc, scheme, WINDOW_CLASSES, WINDOW_METRICS, WINDOW_RADIUS_M, out_path=path,
                                    workers=workers, scheduler=cluster)
    # the file is reopened for every row of blocks: an open dataset would keep what it read in GDAL's block
    # cache (up to 5 % of the RAM) and the reading, not the engine, would set this process's peak memory
    with rasterio.open(path) as src:
        count, height, width, block = src.count, src.height, src.width, src.block_shapes[0][0]
    hashes = [hashlib.sha256() for _ in range(count)]
    for row0 in range(0, height, block):
        with rasterio.open(path) as src:
            slab = src.read(window=rasterio.windows.Window(0, row0, width, min(block, height - row0)))
        for h, band in zip(hashes, slab):
            h.update(np.ascontiguousarray(band).tobytes())
        del slab
    digests = [h.hexdigest()[:16] for h in hashes]
    os.remove(path)
    return {
        "band": [s.name for s in result.stats], "min": [s.minimum for s in result.stats],
        "max": [s.maximum for s in result.stats], "mean": [s.mean for s in result.stats],
        "valid_cells": [s.valid_cells for s in result.stats], "pixels_sha256": digests,
    }


def sink(raster: str, workers: int, cluster, out_dir: str) -> dict:
    """Per-patch sink with a 30 m edge band and 1000 draws (as bench_sink.py); the ecosystem table."""
    from bluecarbon.core.legend import Legend, LegendEntry
    from bluecarbon.core.parameters import load_parameters
    from bluecarbon.core.sink import SinkOptions, assess_sink

    legend = Legend([LegendEntry(1, "m", "mangrove"), LegendEntry(2, "s", "salt_marsh"), LegendEntry(3, "g", "seagrass"),
                     LegendEntry(4, "t", "tidal_flat"), LegendEntry(5, "n", "non_habitat")])
    lc = open_landcover(raster)
    scheme = build_scheme(lc.value_counts(), legend)
    opts = SinkOptions(edge_depth_m=30.0, edge_factor=0.6, draws=1000)
    where = Parallelism(workers=workers, scheduler=cluster, scratch_dir=out_dir)
    res = assess_sink(lc, scheme, load_parameters("ipcc_2013_tier1"), opts, per_patch=True, parallelism=where)
    res.close()
    table = {k: v for k, v in res.table.items() if np.asarray(v).dtype != object or k == "ecosystem"}
    seq = np.asarray(res.patches["sequestration_tC_yr"])
    table["patch_seq_sha256"] = [hashlib.sha256(seq.tobytes()).hexdigest()[:16]] * len(table["ecosystem"])
    return table


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("engine", choices=("window", "sink"))
    ap.add_argument("raster")
    ap.add_argument("--csv", required=True)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--local-cluster", type=int, default=0, help="run on a Dask LocalCluster of N worker processes")
    args = ap.parse_args(argv)
    import_s = _child.since_start()
    cluster = None
    if args.local_cluster:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=args.local_cluster, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None, worker_dashboard_address=None)
    t0 = _child.since_start()
    with tempfile.TemporaryDirectory(prefix="bench_engines_", dir=os.path.dirname(os.path.abspath(args.csv))) as tmp:
        table = (surfaces if args.engine == "window" else sink)(args.raster, args.workers, cluster, tmp)
    engine_s = _child.since_start() - t0
    _child.write_table(args.csv, table)
    if cluster is not None:
        cluster.close()
    import resource

    workers_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    _child.report(import_s=import_s, engine_s=engine_s, workers_maxrss_kb=workers_kb)


if __name__ == "__main__":
    main()

"""Benchmark child: this plugin's engine on one raster, as a user script would call it."""

from __future__ import annotations

import _child  # noqa: F401  (starts the clock before the heavy imports)

import argparse  # noqa: E402
from typing import Optional  # noqa: E402

import numpy as np  # noqa: E402

from bluecarbon.core.classes import build_scheme  # noqa: E402
from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation  # noqa: E402
from bluecarbon.core.landcover import open_landcover  # noqa: E402


def main(argv: Optional[list[str]] = None) -> None:
    """Run the class metrics (``required``: CORE and ENN; ``all``: the defaults) and write the class table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("raster")
    ap.add_argument("--metrics", choices=("required", "all"), default="required")
    ap.add_argument("--rows-per-strip", type=int, default=None)
    ap.add_argument("--csv", default=None, help="write the class table here")
    ap.add_argument("--workers", type=int, default=1, help="strips on this many workers (1: serial)")
    ap.add_argument("--backend", default="processes", choices=("processes", "threads"), help="with --workers > 1")
    ap.add_argument("--local-cluster", type=int, default=0, help="run on a Dask LocalCluster of N worker processes")
    args = ap.parse_args(argv)
    import_s = _child.since_start()
    cluster = None
    cluster_s = 0.0
    if args.local_cluster:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=args.local_cluster, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None, worker_dashboard_address=None)
        cluster_s = _child.since_start() - import_s
    lc = open_landcover(args.raster)
    scheme = build_scheme(lc.value_counts(), None)
    if args.metrics == "required":
        options = FragmentationOptions(metrics=frozenset({"CORE", "ENN"}), rows_per_strip=args.rows_per_strip,
                                       backend=args.backend)
    else:
        options = FragmentationOptions(rows_per_strip=args.rows_per_strip, backend=args.backend)
    t0 = _child.since_start()
    result = analyse_fragmentation(lc, scheme, options, workers=args.workers, scheduler=cluster)
    engine_s = _child.since_start() - t0
    classes = result.classes
    n_patches = int(np.sum(classes["NP"]))
    result.close()
    lc.close()
    if args.csv:
        _child.write_table(args.csv, classes)
    if cluster is not None:
        cluster.close()
    # the largest worker process (pool workers, or a LocalCluster's nannies and their workers), once reaped
    import resource

    workers_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    _child.report(import_s=import_s, n_patches=n_patches, n_columns=len(classes), engine_s=engine_s,
                  cluster_s=cluster_s, workers_maxrss_kb=workers_kb)


if __name__ == "__main__":
    main()

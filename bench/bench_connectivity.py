"""Time PC with every node's dPC (and IIC/dIIC) for about 2 000 patches on a 4000² raster, against a naive baseline.

Landscape: a seeded 4000 × 4000 raster of 10 m cells (built in a temporary folder): about 2 000 mangrove blobs
(value 95, discs and squares of 2 to 40 cells across) on non-habitat (10), labelled with the 8-neighbour rule.
Threshold 300 m with p = 0.05 at it; probability cut p_min = 1e-4, so pairs within 300 × ln(1e-4)/ln(0.05) ≈ 922 m
are kept.

- ``ours``: ``assess_connectivity`` end to end (patch labelling, straight-line edge-to-edge distances, PC, IIC,
  dPC/dIIC with intra/flux/connector); the graph stage is also timed alone.
- ``naive``: the recompute-everything baseline on the same pruned graph: for each removed node, all-pairs
  shortest paths (scipy Dijkstra from every node, same limit) and PCnum again. It runs on a sample of removals,
  is scaled linearly to all nodes, and its dPC values are checked against ours on that sample.

Target (not a test): ours under 60 s on a 2-core machine.
Usage: ``PYTHONPATH=.build/plugins .venv/bin/python bench/bench_connectivity.py [--patches 2000] [--sample 20]``
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
HERE = Path(__file__).resolve().parent
SIZE = 4000
TARGET_S = 60.0


def make_raster(path: Path, n_patches: int, seed: int = 42) -> None:
    import rasterio
    from rasterio.transform import from_origin

    rng = np.random.default_rng(seed)
    a = np.full((SIZE, SIZE), 10, dtype=np.uint8)
    yy, xx = np.mgrid[-20:21, -20:21]
    placed = 0
    while placed < n_patches:
        r, c = rng.integers(25, SIZE - 25, 2)
        size = int(rng.integers(1, 21))
        if (a[r - size - 2 : r + size + 3, c - size - 2 : c + size + 3] == 95).any():
            continue
        if rng.random() < 0.5:
            disc = (yy ** 2 + xx ** 2) <= size ** 2
            a[r - 20 : r + 21, c - 20 : c + 21][disc] = 95
        else:
            a[r - size : r + size + 1, c - size : c + size + 1] = 95
        placed += 1
    with rasterio.open(path, "w", driver="GTiff", width=SIZE, height=SIZE, count=1, dtype="uint8",
                       crs="EPSG:32649", transform=from_origin(371000, 2390000, 10, 10), compress="deflate") as dst:
        dst.write(a, 1)


def naive_dpc(n, i, j, w, area, limit, removed):
    """PCnum and PCnum without each removed node, by all-pairs Dijkstra on the whole graph each time."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra

    def pcnum(keep):
        idx = np.flatnonzero(keep)
        sel = keep[i] & keep[j]
        pos = np.full(n, -1)
        pos[idx] = np.arange(idx.size)
        g = coo_matrix((w[sel], (pos[i[sel]], pos[j[sel]])), shape=(idx.size, idx.size)).tocsr()
        d = dijkstra(g, directed=False, limit=limit)
        a = area[idx]
        return float(a @ np.exp(-d) @ a)

    keep = np.ones(n, dtype=bool)
    total = pcnum(keep)
    out = {}
    for k in removed:
        keep[k] = False
        out[k] = 100 * (total - pcnum(keep)) / total
        keep[k] = True
    return total, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patches", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--threshold", type=float, default=300.0, help="threshold distance (m), p = 0.05 at it")
    parser.add_argument("--skip-iic-connectors", action="store_true", help="no dIIC / dIICconnector in the whole run")
    args = parser.parse_args()
    from bluecarbon.core.classes import open_classified
    from bluecarbon.core.restoration import ConnectivityOptions, assess_connectivity, connectivity_indices, habitat_classes

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "blobs.tif"
        t0 = time.perf_counter()
        make_raster(path, args.patches)
        print(f"raster {SIZE}² built in {time.perf_counter() - t0:.1f} s")
        options = ConnectivityOptions(threshold=args.threshold, probability=0.05, p_min=1e-4,
                                      iic_connectors=not args.skip_iic_connectors)
        t0 = time.perf_counter()
        lc, scheme = open_classified(str(path), None, "esa_worldcover")
        with lc:
            result = assess_connectivity(lc, scheme, habitat_classes(scheme, []), options)
        t_ours = time.perf_counter() - t0
        n = result.nodes.n
        i, j, d = result.pairs
        t0 = time.perf_counter()
        again = connectivity_indices(result.nodes.area_ha, i, j, d, args.threshold, 0.05, result.nodes.valid_area_ha, 1e-4,
                                     iic_connectors=False)
        t_graph = time.perf_counter() - t0
        k = -math.log(0.05) / args.threshold
        limit = -math.log(1e-4)
        keep = k * d <= limit
        rng = np.random.default_rng(0)
        # the sample favours the most connected nodes (their removal is the expensive case) and adds random ones
        top = np.argsort(-result.indices.node["dPCconnector"])[: args.sample // 2]
        sample = np.unique(np.r_[top, rng.choice(n, args.sample - top.size, replace=False)])
        t0 = time.perf_counter()
        total, naive = naive_dpc(n, i[keep], j[keep], k * d[keep], result.nodes.area_ha, limit, sample)
        t_naive_sample = time.perf_counter() - t0
        t_naive = t_naive_sample / (sample.size + 1) * (n + 1)
        err = max(abs(naive[s] - result.indices.node["dPC"][s]) for s in sample)
        land = result.indices.landscape
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"threshold {args.threshold:g} m, nodes {n}, links kept (p ≥ 1e-4) {int(keep.sum())}, links ≤ threshold {land['n_links_threshold']}, "
              f"components {land['n_components']}")
        print(f"PC = {land['PC']:.6g}, EC(PC) = {land['EC_PC_ha']:.1f} ha, IIC = {land['IIC']:.6g}; "
              f"PCnum ours {land['PCnum_ha2']:.6f}, naive {total:.6f}")
        print("| stage | ours (s) | naive (s) | speed-up |")
        print("| --- | --- | --- | --- |")
        what = "dPC, dIIC" if options.iic_connectors else "dPC (dIIC intra and flux only)"
        print(f"| whole run: labelling, distances, PC + IIC with every {what} | {t_ours:.1f} | | |")
        print(f"| graph stage alone: PC + IIC, every dPC with fractions (dIIC intra, flux) | {t_graph:.1f} | "
              f"{t_naive:.0f} (PC and dPC only; {sample.size} removals timed, scaled to {n}) | {t_naive / t_graph:.0f}× |")
        print(f"max |dPC ours − naive| on the sample: {err:.2e} (percentage points); peak RSS {rss:.0f} MB; "
              f"target {TARGET_S:.0f} s: {'met' if t_ours < TARGET_S else 'MISSED'}")
        result.close()
        del again


if __name__ == "__main__":
    main()

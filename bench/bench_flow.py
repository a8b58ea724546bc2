"""Time the carbon-service-flow engine (core.flow) against naive all-pairs baselines, in one run.

Landscape: ``bench/output/clustered_4000.tif`` (``bench/make_rasters.py``: 4000 x 4000 cells of 30 m,
5 classes, built if missing), read with a legend making classes 1 to 4 blue carbon (mangrove, salt
marsh, seagrass, brackish marsh = salt_marsh) and 5 non-habitat, so the map has 10 674 supply patches
(8-neighbour rule) in a mosaic that is 80 % habitat.
Rates: the default presets (Mcleod 2011 burial rates for intact stands; IPCC 2013 Tier 1 alone gives
intact stands no rate since its soil rows became EF_RE for restored wetlands). Demand units: seeded uniform random points over the map with
log-normal demand (t C/yr). Decay: exponential, λ = d_max / 3.

1. **Straight line**, 2 000 units, d_max = 10 km and 30 km. ``ours`` is the flow stage of
   ``assess_flow`` (patch cells, pair search, nearest-cell distances, allocation, tables): the whole
   ``assess_flow`` minus the sink engine's share, which is timed on its own (labelling the patches is
   the fragmentation engine's work, benchmarked by ``bench_fragmentation.py``). ``naive`` computes, for
   every unit, the distance to every cell of every supply patch and the minimum per patch (numpy,
   no pruning; the dense patches × units matrix is then allocated): it runs on a sample of units and
   is scaled linearly to 2 000, and its distances are checked against ours on that sample.
2. **Least cost**, 500 units over the 4000² resistance grid (default ecosystem table: habitat 1,
   non-habitat 5), d_max = 3 000, 6 000 and 10 000 cost-metres (a reach of 100, 200 and 333 cells).
   ``ours``: the flow stage as above (windowed Dijkstra, a few units per call).
   ``naive``: one graph of the whole grid and a Dijkstra from each unit over all of it (no window, no
   limit; the all-at-once call would need a 500 × 16 M matrix, 64 GB), run for a few units and scaled.

3. **Least cost on worker processes**: the three least-cost runs again, serial and on ``--workers`` (2)
   processes side by side, each run in a fresh process so that its peak RSS is its own (the parent's, and
   the largest worker's); a digest of the pairs shows both runs gave the same bytes.

Targets (not tests): straight line < 10 s, least cost < 60 s (10 km on 2 workers: < 30 s, peak < 2 GB).
Usage: ``PYTHONPATH=.build/plugins .venv/bin/python bench/bench_flow.py [--units 2000] [--lc-units 500]``
(``--workers-only`` runs section 3 alone).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("PROJ_DATA", "/usr/share/proj")

SIZE = 4000
LEGEND = ("value,name,ecosystem\n1,Mangrove,mangrove\n2,Salt marsh,salt_marsh\n3,Seagrass,seagrass\n"
          "4,Brackish marsh,salt_marsh\n5,Built-up and cropland,non_habitat\n")
TARGET_STRAIGHT_S = 10.0
TARGET_LEAST_COST_S = 60.0


def landscape():
    """The 4000² raster with the bench legend, and the IPCC parameters."""
    from make_rasters import make_raster, raster_path

    from bluecarbon.core.classes import open_classified
    from bluecarbon.core.legend import parse_legend
    from bluecarbon.core.parameters import effective_parameters

    path = raster_path(SIZE)
    if not path.exists():
        make_raster(SIZE)
    lc, scheme = open_classified(str(path), legend=parse_legend(LEGEND, "bench legend"))
    # the default presets: IPCC Tier 1 alone gives no accumulation rate to intact stands (only EF_RE, restored)
    return lc, scheme, effective_parameters().table


def random_units(lc, n: int, seed: int):
    from bluecarbon.core.flow import point_units
    from bluecarbon.core.flow.demand import grid_bounds

    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = grid_bounds(lc.grid)
    xs, ys = rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)
    return point_units(np.arange(1, n + 1), xs, ys, rng.lognormal(6.0, 1.5, n), lc.grid.crs_wkt)


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def sink_time(lc, scheme, params) -> float:
    from bluecarbon.core.sink import SinkOptions, assess_sink

    result, seconds = timed(assess_sink, lc, scheme, params, SinkOptions(draws=0))
    result.close()
    return seconds


def run_ours(lc, scheme, params, units, mode: str, d_max: float, allocation: str = "accessible_supply",
             source: str = "patches", workers: int = 1):
    from bluecarbon.core.flow import DistanceDecay, FlowOptions, assess_flow
    from bluecarbon.core.parallel import Parallelism

    options = FlowOptions(DistanceDecay("exponential", scale_m=d_max / 3), d_max, mode, allocation=allocation,
                          source=source, parallelism=Parallelism(workers=workers))
    return timed(assess_flow, lc, scheme, params, units, options)


def capped_section(lc, scheme, params, units, d_max: float, source: str) -> dict:
    """Today's gravity (accessible supply) and the capped allocation in one run: the whole flow stage, then the
    allocation alone on the same pairs (three repeats each, the best kept)."""
    from bluecarbon.core.flow import allocate

    gravity, t_g = run_ours(lc, scheme, params, units, "straight_line", d_max, "accessible_supply", source)
    gravity.close()
    capped, t_c = run_ours(lc, scheme, params, units, "straight_line", d_max, "capped", source)
    capped.close()
    m = capped.model
    opts = capped.options
    a_g = min(timed(allocate, m.supply, m.demand, m.pairs, opts.decay, d_max, "accessible_supply")[1] for _ in range(3))
    runs = [timed(allocate, m.supply, m.demand, m.pairs, opts.decay, d_max, "capped") for _ in range(3)]
    a_c = min(t for _, t in runs)
    rep = runs[0][0].report
    n = capped.network
    return {"source": n["source"], "d_max": d_max, "sources": int(m.supply.size), "units": units.size,
            "pairs": int(m.pairs.size), "stage_gravity": t_g, "stage_capped": t_c, "alloc_gravity": a_g,
            "alloc_capped": a_c, "iterations": rep.iterations, "error": rep.error,
            "supply": n["supply_tC_yr"], "demand": n["demand_tC_yr"], "attributed": n["attributed_tC_yr"],
            "max_deliverable": rep.max_deliverable_tC_yr,
            "gravity_over_demand": float(np.maximum(gravity.units["received_tC_yr"] - units.demand_tC_yr, 0).sum())}


# -- naive baselines ----------------------------------------------------------------------------------


def naive_straight(result, lc, units, sample: int, d_max: float) -> tuple[float, dict]:
    """All unit × patch-cell distances for ``sample`` units (numpy), min per patch, then dense allocation."""
    store = result.labelling.store
    index = np.full(int(result.labelling.patches.n_patches) + 1, -1, dtype=np.int64)
    index[result.supply_ids] = np.arange(result.supply_ids.size)
    t = time.perf_counter()
    rows, cols, pidx = [], [], []
    for r0 in range(0, lc.grid.height, 512):
        block = index[store.rows(r0, min(r0 + 512, lc.grid.height))]
        r, c = np.nonzero(block >= 0)
        rows.append(r + r0)
        cols.append(c)
        pidx.append(block[r, c])
    p = np.concatenate(pidx)
    order = np.argsort(p, kind="stable")
    p = p[order]
    geom = lc.geometry
    cx = (np.concatenate(cols)[order] + 0.5) * geom.dx_m
    cy = (np.concatenate(rows)[order] + 0.5) * geom.dy_m
    starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
    col_f, row_f = ~lc.grid.transform * (units.x[:sample], units.y[:sample])
    ux, uy = np.asarray(col_f) * geom.dx_m, np.asarray(row_f) * geom.dy_m
    dist = np.empty((starts.size, sample))
    for j in range(sample):
        dist[:, j] = np.sqrt(np.minimum.reduceat((cx - ux[j]) ** 2 + (cy - uy[j]) ** 2, starts))
    # a unit inside a patch cell is at distance 0 from that patch (the model's definition)
    r, c = np.floor(np.asarray(row_f)).astype(int), np.floor(np.asarray(col_f)).astype(int)
    ok = (r >= 0) & (r < lc.grid.height) & (c >= 0) & (c < lc.grid.width)
    holder = np.full(sample, -1)
    holder[ok] = [index[store.window(int(a), int(a) + 1, int(b), int(b) + 1)[0, 0]] for a, b in zip(r[ok], c[ok])]
    dist[holder[holder >= 0], np.flatnonzero(holder >= 0)] = 0.0
    supply = result.patches["supply_tC_yr"][result.patches["supply_tC_yr"] > 0]
    w = np.where(dist <= d_max, units.demand_tC_yr[:sample] * np.exp(-dist / (d_max / 3)), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        _flows = supply[:, None] * w / w.sum(axis=1, keepdims=True)
    seconds = time.perf_counter() - t
    near = {(int(i), int(j)): float(dist[i, j]) for i, j in zip(*np.nonzero(dist <= d_max))}
    return seconds, near


def check_straight(result, near: dict, sample: int) -> float:
    """Largest |ours − naive| distance over the sampled units (naive measures to every cell centre)."""
    a = result.allocation
    ours = {}
    # links are the pairs within reach (every unit has demand > 0 here)
    for p, u, d in zip(a.patch, a.unit, a.distance):
        if u < sample:
            ours[(int(p), int(u))] = float(d)
    missing = set(near) ^ set(ours)
    if missing:
        raise SystemExit(f"straight-line pairs differ from the naive all-pairs search: {sorted(missing)[:5]}")
    return max((abs(ours[k] - near[k]) for k in near), default=0.0)


def naive_least_cost(lc, scheme, result, units, sample: int) -> tuple[float, float]:
    """Whole-grid graph once, then a Dijkstra over all of it per unit (no window, no limit)."""
    from scipy.sparse.csgraph import dijkstra

    from bluecarbon.core.flow import load_resistance
    from bluecarbon.core.flow.leastcost import grid_graph

    geom = lc.geometry
    values, res_of = load_resistance().value_lut(scheme)
    t = time.perf_counter()
    raw = lc.read_rows(0, lc.grid.height)
    res = res_of[np.searchsorted(values, raw)]
    graph = grid_graph(res, geom.dx_m, geom.dy_m)
    del res, raw
    build = time.perf_counter() - t
    col_f, row_f = ~lc.grid.transform * (units.x, units.y)
    src = np.floor(np.asarray(row_f)).astype(np.int64) * lc.grid.width + np.floor(np.asarray(col_f)).astype(np.int64)
    index = np.full(int(result.labelling.patches.n_patches) + 1, -1, dtype=np.int64)
    index[result.supply_ids] = np.arange(result.supply_ids.size)
    patch = index[result.labelling.store.rows(0, lc.grid.height)].reshape(-1)
    on = patch >= 0
    t = time.perf_counter()
    for j in range(sample):
        cost = dijkstra(graph, directed=True, indices=int(src[j]))
        order = np.lexsort((cost[on], patch[on]))
        _first = order[np.r_[True, patch[on][order][1:] != patch[on][order][:-1]]]
    per_unit = (time.perf_counter() - t) / sample
    return build, per_unit


def least_cost_child(d_max: float, workers: int, n_units: int) -> None:
    """One least-cost run in this (fresh) process: time, peak RSS of this process and of its largest worker,
    and a digest of the pairs (serial and pooled runs must give the same bytes)."""
    import hashlib

    import _child

    lc, scheme, params = landscape()
    t_sink = sink_time(lc, scheme, params)
    units = random_units(lc, n_units, 2)
    sampler = TreeMemory()
    result, t_all = run_ours(lc, scheme, params, units, "least_cost", d_max, workers=workers)
    sampler.stop()
    pairs = result.model.pairs
    digest = hashlib.sha1(b"".join(np.ascontiguousarray(a).tobytes()
                                   for a in (pairs.patch, pairs.unit, pairs.distance))).hexdigest()[:12]
    links = int(result.network["links_e"])
    result.close()
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    _child.report(d_max=d_max, workers=workers, flow_stage_s=t_all - t_sink, assess_flow_s=t_all, links=links,
                  digest=digest, worker_maxrss_kb=sampler.worker_hwm_kb, tree_rss_kb=sampler.tree_peak_kb,
                  cpu_s=me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, load=os.getloadavg()[0])


class TreeMemory:
    """Samples (every 0.1 s) the resident memory of this process and its worker processes from /proc.

    ``worker_hwm_kb``: the largest VmHWM of a worker (its own peak, after exec; ``RUSAGE_CHILDREN`` would
    count the parent's pages at fork); ``tree_peak_kb``: the largest sum of VmRSS over the process and its
    workers seen at one sample (shared pages counted in each process, so an upper bound)."""

    def __init__(self) -> None:
        import threading

        self.worker_hwm_kb = 0
        self.tree_peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _status(pid: int, key: str) -> int:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        out = []
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    out += [int(x) for x in f.read().split()]
        except OSError:
            pass
        return out

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            kids = self._children(me)
            kids += [g for k in kids for g in self._children(k)]
            total = self._status(me, "VmRSS:") + sum(self._status(k, "VmRSS:") for k in kids)
            self.tree_peak_kb = max(self.tree_peak_kb, total)
            for k in kids:
                self.worker_hwm_kb = max(self.worker_hwm_kb, self._status(k, "VmHWM:"))
            self._stop.wait(0.1)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def cpu(a: dict, b: dict) -> str:
    """CPU seconds (user + system, the child and its workers) of the serial and the pooled run."""
    return f"{a['cpu_s']:.0f}/{b['cpu_s']:.0f}"


def workers_section(n_units: int, workers: int) -> None:
    """Least cost, serial next to ``workers`` processes, each run in a fresh process (its own peak RSS)."""
    import json
    import subprocess

    import _child

    print(f"least cost, {n_units} units: serial and {workers} worker processes, each run in a fresh process; "
          f"load average {os.getloadavg()[0]:.2f} at the start", flush=True)
    rows = []
    for d_max in (3000.0, 6000.0, 10000.0):
        row = {"d_max": d_max}
        for w in (1, workers):
            out = subprocess.run([sys.executable, __file__, "--lc-child", str(d_max), str(w), "--lc-units", str(n_units)],
                                 capture_output=True, text=True, check=True).stdout
            line = [x for x in out.splitlines() if x.startswith(_child.RESULT_TAG)][-1]
            row[w] = json.loads(line[len(_child.RESULT_TAG):])
            r = row[w]
            print(f"  d_max {d_max:.0f}, workers {w}: flow stage {r['flow_stage_s']:.1f} s, peak RSS "
                  f"{r['self_maxrss_kb'] / 1024:.0f} MB (largest worker {r['worker_maxrss_kb'] / 1024:.0f} MB, "
                  f"process tree at most {r['tree_rss_kb'] / 1024:.0f} MB), CPU {r['cpu_s']:.1f} s (whole child), "
                  f"load {r['load']:.1f} at its end, "
                  f"{r['links']} links, pairs {r['digest']}", flush=True)
        rows.append(row)
    print(f"\n{'d_max':>7}{'links':>9}{'serial s':>10}{'peak MB':>9}{f'{workers} workers s':>13}{'peak MB':>9}"
          f"{'worker MB':>11}{'tree MB':>9}{'speed-up':>10}{'CPU s 1/n':>12}{'same pairs':>12}")
    for row in rows:
        a, b = row[1], row[workers]
        print(f"{row['d_max']:>7.0f}{a['links']:>9}{a['flow_stage_s']:>10.1f}{a['self_maxrss_kb'] / 1024:>9.0f}"
              f"{b['flow_stage_s']:>13.1f}{b['self_maxrss_kb'] / 1024:>9.0f}{b['worker_maxrss_kb'] / 1024:>11.0f}"
              f"{b['tree_rss_kb'] / 1024:>9.0f}"
              f"{a['flow_stage_s'] / b['flow_stage_s']:>10.2f}{cpu(a, b):>12}{str(a['digest'] == b['digest']):>12}")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--lc-units", type=int, default=500)
    parser.add_argument("--naive-sample", type=int, default=40)
    parser.add_argument("--naive-lc-sample", type=int, default=2)
    parser.add_argument("--no-naive", action="store_true", help="skip the baselines")
    parser.add_argument("--capped-only", action="store_true", help="only the capped-allocation section")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the least-cost section")
    parser.add_argument("--workers-only", action="store_true", help="only least cost, serial next to --workers")
    parser.add_argument("--lc-child", nargs=2, metavar=("D_MAX", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.lc_child:
        least_cost_child(float(args.lc_child[0]), int(args.lc_child[1]), args.lc_units)
        return
    if args.workers_only:
        workers_section(args.lc_units, args.workers)
        return

    lc, scheme, params = landscape()
    print(f"raster {lc.path}: {lc.grid.width} x {lc.grid.height} cells of {lc.geometry.dx_m:g} m; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start")
    t_sink = sink_time(lc, scheme, params)
    print(f"sink engine (labelling, supply): {t_sink:.2f} s")
    rows = []

    # 3. capped allocation next to today's gravity, same run (demand scaled so that capacity binds)
    units = random_units(lc, args.units, 1)
    capped_rows = []
    for d_max, source, n in ((10000.0, "patches", units.size), (30000.0, "patches", units.size), (1000.0, "cells", 500)):
        r = capped_section(lc, scheme, params, units if n == units.size else random_units(lc, n, 1), d_max, source)
        capped_rows.append(r)
        print(f"  capped, {r['source']}, d_max {d_max:.0f}: {r['sources']} sources x {r['units']} units, {r['pairs']} "
              f"pairs; allocation {r['alloc_gravity']:.2f} s gravity / {r['alloc_capped']:.2f} s capped "
              f"({r['iterations']} iterations, error {r['error']:.1e}); flow stage {r['stage_gravity']:.2f} / "
              f"{r['stage_capped']:.2f} s", flush=True)
    print(f"\n{'source':<9}{'d_max':>7}{'sources':>10}{'units':>7}{'pairs':>11}{'alloc gravity s':>17}"
          f"{'alloc capped s':>16}{'ratio':>7}{'stage gravity s':>17}{'stage capped s':>16}{'ratio':>7}{'iter':>6}")
    for r in capped_rows:
        print(f"{r['source']:<9}{r['d_max']:>7.0f}{r['sources']:>10}{r['units']:>7}{r['pairs']:>11}"
              f"{r['alloc_gravity']:>17.2f}{r['alloc_capped']:>16.2f}{r['alloc_capped'] / r['alloc_gravity']:>7.1f}"
              f"{r['stage_gravity']:>17.2f}{r['stage_capped']:>16.2f}{r['stage_capped'] / r['stage_gravity']:>7.1f}"
              f"{r['iterations']:>6}")
    for r in capped_rows:
        print(f"  {r['source']}, d_max {r['d_max']:.0f}: supply {r['supply']:,.0f}, demand {r['demand']:,.0f}, "
              f"attributed {r['attributed']:,.0f} = max deliverable {r['max_deliverable']:,.0f} t C/yr; gravity "
              f"gives units {r['gravity_over_demand']:,.0f} t C/yr above their demand")
    if args.capped_only:
        return

    for d_max in (10000.0, 30000.0):
        result, t_all = run_ours(lc, scheme, params, units, "straight_line", d_max)
        n_p = int(result.network["supply_nodes"])
        line = {"mode": "straight line", "patches": n_p, "units": units.size, "d_max": d_max,
                "links": int(result.network["links_e"]), "ours": t_all - t_sink, "total": t_all}
        if not args.no_naive:
            sample = min(args.naive_sample, units.size)
            seconds, near = naive_straight(result, lc, units, sample, d_max)
            line["naive"] = seconds * units.size / sample
            line["check"] = f"max |Δd| {check_straight(result, near, sample):.1e} m on {sample} units"
        result.close()
        rows.append(line)
        print_row(line)

    units = random_units(lc, args.lc_units, 2)
    for d_max in (3000.0, 6000.0, 10000.0):
        result, t_all = run_ours(lc, scheme, params, units, "least_cost", d_max)
        line = {"mode": "least cost", "patches": int(result.network["supply_nodes"]), "units": units.size,
                "d_max": d_max, "links": int(result.network["links_e"]), "ours": t_all - t_sink, "total": t_all}
        if not args.no_naive and d_max == 3000.0:
            build, per_unit = naive_least_cost(lc, scheme, result, units, args.naive_lc_sample)
            line["naive"] = build + per_unit * units.size
            line["check"] = f"whole-grid graph {build:.1f} s + {per_unit:.2f} s per unit × {units.size}"
        result.close()
        rows.append(line)
        print_row(line)

    print()
    print(f"{'mode':<14}{'patches':>9}{'units':>7}{'d_max':>9}{'links':>10}{'flow stage s':>14}{'assess_flow s':>15}"
          f"{'naive s':>10}{'target s':>10}")
    for r in rows:
        target = TARGET_STRAIGHT_S if r["mode"] == "straight line" else TARGET_LEAST_COST_S
        naive = f"{r['naive']:.0f}" if "naive" in r else "-"
        print(f"{r['mode']:<14}{r['patches']:>9}{r['units']:>7}{r['d_max']:>9.0f}{r['links']:>10}{r['ours']:>14.2f}"
              f"{r['total']:>15.2f}{naive:>10}{target:>10.0f}")
    for r in rows:
        if "check" in r:
            print(f"  {r['mode']}, d_max {r['d_max']:.0f}: naive = {r['check']}")
    print(f"peak memory of the run: {peak_mb():.0f} MB; sink engine alone {t_sink:.2f} s")
    print()
    workers_section(args.lc_units, args.workers)


def print_row(r: dict) -> None:
    print(f"  {r['mode']}, d_max {r['d_max']:.0f}: {r['patches']} patches x {r['units']} units, {r['links']} links, "
          f"flow stage {r['ours']:.2f} s (assess_flow {r['total']:.2f} s)"
          + (f", naive ~{r['naive']:.0f} s" if "naive" in r else ""), flush=True)


if __name__ == "__main__":
    main()

"""Is a strip loop worth a pool? CPU seconds of the loops left in one process, against starting a pool.

Measures, in this process (CPU seconds by ``time.process_time``, steadier than wall time on a shared machine):

- ``pool``: starting 2 ``spawn`` worker processes (the interpreter next to this one) and running one strip-sized
  no-op in each, which imports what a strip task imports (numpy, scipy.ndimage, rasterio, the engine); the
  CPU of the workers is read from ``RUSAGE_CHILDREN`` once they have exited;
- ``sink_edge``: the sink's one-pass class areas with a 30 m edge band (``core.sink.class_areas``), 10000²;
- ``sink_raster``: the sequestration raster (2 float32 bands, DEFLATE on GDAL's threads), 10000²;
- ``change``: ``analyse_change`` on bench_change.py's pair of dates (tables, no rasters), 10000².

    PYTHONPATH=.build/plugins .venv/bin/python bench/engine_costs.py [--size 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _import_engine(_: int) -> int:
    """What a strip task's worker imports before its first strip."""
    import numpy  # noqa: F401
    import rasterio  # noqa: F401
    from scipy import ndimage  # noqa: F401

    from bluecarbon.core import patches  # noqa: F401
    from bluecarbon.core.fragmentation import moving_window  # noqa: F401

    return os.getpid()


def pool_cost() -> dict:
    import multiprocessing

    from bluecarbon.core.parallel import python_executable

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0, c0 = time.perf_counter(), time.process_time()
    ctx = multiprocessing.get_context("spawn")
    ctx.set_executable(python_executable())
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        pids = set(pool.map(_import_engine, range(8)))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"wall_s": time.perf_counter() - t0, "client_cpu_s": time.process_time() - c0, "workers_cpu_s": workers,
            "workers": len(pids)}


def timed(fn) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return {"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10000)
    args = ap.parse_args()
    raster = HERE / "output" / f"clustered_{args.size}.tif"
    from bluecarbon.core.change import ChangeOptions, analyse_change, open_snapshots
    from bluecarbon.core.classes import build_scheme
    from bluecarbon.core.landcover import open_landcover
    from bluecarbon.core.legend import Legend, LegendEntry
    from bluecarbon.core.parameters import load_parameters
    from bluecarbon.core.sink import SinkOptions, class_areas, write_sequestration_raster

    out = {"load_1min": os.getloadavg()[0], "pool": pool_cost()}
    legend = Legend([LegendEntry(1, "m", "mangrove"), LegendEntry(2, "s", "salt_marsh"), LegendEntry(3, "g", "seagrass"),
                     LegendEntry(4, "t", "tidal_flat"), LegendEntry(5, "n", "non_habitat")])
    lc = open_landcover(str(raster))
    scheme = build_scheme(lc.value_counts(), legend)
    table = load_parameters("ipcc_2013_tier1")
    edge = SinkOptions(edge_depth_m=30.0, edge_factor=0.6, draws=0)
    out["sink_edge"] = timed(lambda: class_areas(lc, scheme, edge))
    with tempfile.TemporaryDirectory(dir=HERE / "output") as tmp:
        out["sink_raster"] = timed(lambda: write_sequestration_raster(f"{tmp}/s.tif", lc, scheme, table, SinkOptions()))
        from bench_change import LEGEND, second_date

        second = raster.with_name(f"clustered_{args.size}_second.tif")
        second_date(raster, second)
        legend_csv = Path(tmp) / "legend.csv"
        legend_csv.write_text(LEGEND)
        change_table = load_parameters("ipcc_2013_tier1").merge(load_parameters("invest_cbc_defaults"))
        with open_snapshots([str(raster), str(second)], [2020, 2035], str(legend_csv)) as snaps:
            out["change"] = timed(lambda: analyse_change(snaps, change_table, options=ChangeOptions(analysis_year=2050)))
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()

"""Per-task costs of a distributed run, measured in this process: CPU seconds and bytes of each strip task.

Runs the engine with the strips executed here, one after the other, but as a cluster would run them
(labels written to per-strip files, pass 2 on compact ids), and records for every task its CPU time,
peak-free sizes of what is sent to the worker and what comes back (pickled bytes), and the client's own
work (joining, ENN window search). ``docs/benchmarks.md`` scales these figures to a 10^11-cell run.

    PYTHONPATH=.build/plugins .venv/bin/python bench/task_costs.py bench/output/clustered_10000.tif
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import time
from typing import Optional

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.fragmentation import FragmentationOptions
from bluecarbon.core.fragmentation.engine import _analyse
from bluecarbon.core.feedback import Steps
from bluecarbon.core.landcover import open_landcover
from bluecarbon.core.parallel import StripRunner


class MeasuringRunner(StripRunner):
    """Runs each task here as a remote worker would, and keeps its CPU time and transfer sizes."""

    in_process = False  # labels to files, compact ids: what a worker process does

    def __init__(self) -> None:
        super().__init__("serial", 1)
        self.records: list[dict] = []

    def map(self, fn, tasks, steps=None, describe=None):
        for task in tasks:
            sent = len(pickle.dumps(task, protocol=5))
            t0 = time.process_time()
            result = fn(task)
            cpu = time.process_time() - t0
            back = len(pickle.dumps(result, protocol=5))
            self.records.append({"fn": fn.__name__, "rows": [task.r0 if hasattr(task, "r0") else task.row0,
                                 task.r1 if hasattr(task, "r1") else task.row1], "cpu_s": cpu, "sent_B": sent, "back_B": back})
            yield result


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("raster")
    ap.add_argument("--rows-per-strip", type=int, default=None)
    args = ap.parse_args(argv)
    lc = open_landcover(args.raster)
    scheme = build_scheme(lc.value_counts(), None)
    options = FragmentationOptions(metrics=frozenset({"CORE", "ENN"}), rows_per_strip=args.rows_per_strip)
    runner = MeasuringRunner()
    t0 = time.process_time()
    result = _analyse(lc, scheme, options, Steps(None), runner, None)
    total_cpu = time.process_time() - t0
    n_patches = result.patch_data.n_patches
    result.close()
    summary = {"cells": lc.grid.n_cells, "patches": n_patches, "strips": len(result.labelling.strips),
               "total_cpu_s": total_cpu, "peak_MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    for fn in ("label_strip", "measure_strip"):
        recs = [r for r in runner.records if r["fn"] == fn]
        summary[fn] = {
            "tasks": len(recs),
            "cpu_s_sum": sum(r["cpu_s"] for r in recs),
            "cpu_s_max": max(r["cpu_s"] for r in recs),
            "sent_B_sum": sum(r["sent_B"] for r in recs),
            "back_B_sum": sum(r["back_B"] for r in recs),
        }
    tasks_cpu = sum(summary[f]["cpu_s_sum"] for f in ("label_strip", "measure_strip"))
    summary["client_cpu_s"] = total_cpu - tasks_cpu
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()

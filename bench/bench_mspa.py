"""Time MSPA's two engines (whole raster at once, strips) on a clustered raster and check they agree byte for byte.

Raster: ``bench/make_rasters.py``'s clustered 5-class map (cached in ``bench/output/``); the foreground is classes
1 and 2 (40 % of the cells, in clustered blobs and corridors). Each engine runs in its own fresh child process
(``analyse_mspa(..., engine=...)``: reading, the codes and the area table); the parent reads the child's wall time
and peak RSS (``ru_maxrss`` from ``os.wait4`` on that child) and compares the children's codes (``.npy``) and
tables (JSON) for equality. ``uptime`` is printed before every run: the machine is shared.

Usage: ``PYTHONPATH=.build/plugins .venv/bin/python bench/bench_mspa.py [--size 4000] [--edge-width 2]
[--rows-per-strip N] [--engines whole,strips]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(raster: str, engine: str, edge_width: int, rows: int, out: str) -> None:
    """Run one engine and save its codes and table under ``out``."""
    t0 = time.perf_counter()
    import numpy as np

    from bluecarbon.core.classes import open_classified
    from bluecarbon.core.restoration.mspa import analyse_mspa

    lc, scheme = open_classified(raster, None, None)
    with lc:
        classes = [c for c in range(1, scheme.n_classes + 1) if scheme.codes[c - 1] in (1, 2, "1", "2")]
        result = analyse_mspa(lc, scheme, classes, edge_width, 8, rows_per_strip=rows or None, engine=engine)
        np.save(out + ".npy", np.asarray(result.codes))
        with open(out + ".json", "w") as f:
            json.dump(result.table, f)
    print(f"in-process {time.perf_counter() - t0:.1f} s", flush=True)


def run(raster: Path, engine: str, edge_width: int, rows: int, out: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child."""
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(), flush=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-P", __file__, "--child", engine, str(raster), str(edge_width), str(rows), out])
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"{engine} failed ({status})")
    return wall, usage.ru_maxrss / 1000.0  # kB → MB (10⁶ bytes)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[3], sys.argv[2], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
        return
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", type=int, default=4000)
    ap.add_argument("--edge-width", type=int, default=2)
    ap.add_argument("--rows-per-strip", type=int, default=0)
    ap.add_argument("--engines", default="whole,strips")
    args = ap.parse_args()
    subprocess.run([sys.executable, "-P", str(HERE / "make_rasters.py"), "--sizes", str(args.size)], check=True,
                   stdout=subprocess.DEVNULL)
    sys.path.insert(0, str(HERE))
    from make_rasters import raster_path

    raster = raster_path(args.size)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_mspa_") as tmp:
        for engine in args.engines.split(","):
            out = os.path.join(tmp, engine)
            wall, peak = run(raster, engine, args.edge_width, args.rows_per_strip, out)
            rows.append((engine, wall, peak, out))
        import numpy as np

        same = all(
            np.array_equal(np.load(rows[0][3] + ".npy"), np.load(r[3] + ".npy"))
            and json.load(open(rows[0][3] + ".json")) == json.load(open(r[3] + ".json"))
            for r in rows[1:]
        )
        counts = np.bincount(np.load(rows[0][3] + ".npy").ravel(), minlength=130)
    print(f"\nMSPA {args.size}² (edge width {args.edge_width}, 8-rule), cells per code: "
          + ", ".join(f"{c}: {n}" for c, n in enumerate(counts) if n))
    print("| engine | wall s | peak MB |\n|---|---|---|")
    for engine, wall, peak, _ in rows:
        print(f"| {engine} | {wall:.1f} | {peak:.0f} |")
    print(f"codes and tables identical: {same}")


if __name__ == "__main__":
    main()

"""Time and measure this plugin's fragmentation engine against pylandstats and landschaft, one process per run."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from _child import RESULT_TAG  # noqa: E402

OUT = HERE / "output"
HUGE = 40000  # as in make_rasters.py
SMALL = 1000  # pylandstats computes ENN (all pairs) only up to this size
MB = 1e6  # peak memory is reported in MB of 10^6 bytes (stricter than MiB against the targets)
TARGETS: dict[int, tuple[Optional[float], float]] = {4000: (5.0, 400.0), 10000: (30.0, 1000.0), HUGE: (None, 4000.0)}
"""Raster size -> (seconds, peak MB) the engine must stay under on one core, whole process."""
PARALLEL_TARGETS: dict[int, tuple[Optional[float], float]] = {4000: (3.0, 2000.0), 10000: (14.0, 2000.0), HUGE: (180.0, 2000.0)}
"""Raster size -> (seconds, peak MB of the largest worker) with every core (issue #14), whole process."""
OURS_MODES = {
    "ours": ("1 worker", []),
    "ours-2proc": ("2 processes", ["--workers", "2", "--backend", "processes"]),
    "ours-dask2": ("Dask LocalCluster(2)", ["--local-cluster", "2"]),
}
"""Our engine's runs: tool name -> (how the strips run, extra run_ours.py arguments)."""
ENGINE_MODES = {
    "window": ("moving window, 1 worker", ["window"]),
    "window-2proc": ("moving window, 2 processes", ["window", "--workers", "2"]),
    "window-dask2": ("moving window, Dask LocalCluster(2)", ["window", "--local-cluster", "2"]),
    "sink": ("sink per patch, 1 worker", ["sink"]),
    "sink-2proc": ("sink per patch, 2 processes", ["sink", "--workers", "2"]),
    "sink-dask2": ("sink per patch, Dask LocalCluster(2)", ["sink", "--local-cluster", "2"]),
}
"""The other strip engines (bench/run_engines.py): moving-window surfaces (PLAND, ED, PD, AI, MESH, LPI of 2 classes,
300 m circle, GeoTIFF) and the per-patch sink (30 m edge band, 1000 draws); opt in with --modes."""

PLS_MAP = {
    "CA_ha": "total_area",
    "PLAND_pct": "proportion_of_landscape",
    "NP": "number_of_patches",
    "PD_per_100ha": "patch_density",
    "LPI_pct": "largest_patch_index",
    "TE_m": "total_edge",
    "ED_m_per_ha": "edge_density",
    "AREA_MN_ha": "area_mn",
    "AREA_SD_ha": "area_sd",
    "AREA_CV_pct": "area_cv",
    "AREA_AM_ha": "area_am",
    "SHAPE_MN": "shape_index_mn",
    "FRAC_MN": "fractal_dimension_mn",
    "TCA_ha": "total_core_area",
    "CPLAND_pct": "core_area_proportion_of_landscape",
    "MESH_ha": "effective_mesh_size",
    "ENN_MN_m": "euclidean_nearest_neighbor_mn",
    "ENN_SD_m": "euclidean_nearest_neighbor_sd",
}
"""Our class column -> pylandstats 3.1 class metric (same units: ha, m, %)."""

LSF_MAP = {
    "CA_ha": "ca", "PLAND_pct": "pland", "NP": "np", "PD_per_100ha": "pd", "LPI_pct": "lpi", "TE_m": "te",
    "ED_m_per_ha": "ed", "AREA_MN_ha": "area_mn", "AREA_SD_ha": "area_sd", "AREA_CV_pct": "area_cv",
    "AREA_AM_ha": "area_am", "SHAPE_MN": "shape_mn", "FRAC_MN": "frac_mn", "TCA_ha": "tca",
    "CPLAND_pct": "cpland", "ENN_MN_m": "enn_mn", "ENN_SD_m": "enn_sd", "COHESION": "cohesion",
    "DIVISION": "division", "MESH_ha": "mesh", "SPLIT": "split", "AI_pct": "ai", "PLADJ_pct": "pladj",
    "CLUMPY": "clumpy", "IJI_pct": "iji",
}
"""Our class column -> landschaft metric (run with convention="fragstats")."""

RTOL = 1e-6


@dataclass
class Run:
    """One child process: what ran, how long, how much memory, and where its output is."""

    size: int
    tool: str
    computed: str
    status: str = "not run"
    wall_s: float = float("nan")
    peak_mb: float = float("nan")
    info: dict = field(default_factory=dict)
    load: float = float("nan")  # 1-minute load average when the (fastest) run started
    cpu_s: float = float("nan")  # user + system seconds of the run and the processes it waited for
    csv_path: Optional[Path] = None
    log_path: Optional[Path] = None

    def verdict(self) -> str:
        """PASS/FAIL against the targets (ours only), else the status."""
        if self.status != "ok":
            return self.status.upper()
        target = self._target()
        if target is None:
            return ""
        max_s, max_mb = target
        ok = (max_s is None or self.wall_s < max_s) and self.worst_mb() < max_mb
        return "PASS" if ok else "FAIL"

    def _target(self) -> Optional[tuple[Optional[float], float]]:
        if not self.tool.startswith("ours") or "all metrics" in self.computed:
            return None
        return (TARGETS if self.tool == "ours" else PARALLEL_TARGETS).get(self.size)

    def worker_mb(self) -> float:
        """Peak MB of the largest worker process (parallel runs), else NaN."""
        kb = self.info.get("workers_maxrss_kb", 0)
        return kb * 1024 / MB if kb else float("nan")

    def worst_mb(self) -> float:
        """The memory the target applies to: the process on one core, the largest worker in parallel."""
        return self.peak_mb if self.tool == "ours" else max(self.worker_mb(), self.info.get("self_maxrss_kb", 0) * 1024 / MB)

    def target(self) -> str:
        """The target as text (ours only)."""
        target = self._target()
        if target is None:
            return ""
        max_s, max_mb = target
        per = "" if self.tool == "ours" else " per process"
        return (f"< {max_s:g} s, " if max_s else "") + f"< {max_mb:g} MB{per}"


def run_child(
    cmd: list[str], log_path: Path, timeout_s: float, extra_env: dict[str, str]
) -> tuple[str, float, float, dict, float]:
    """Run ``cmd``; return (status, wall seconds, peak MB of that process alone, its result line, CPU seconds)."""
    env = dict(os.environ, **extra_env)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / ".build" / "plugins"), env.get("PYTHONPATH")) if p)
    env.setdefault("PROJ_DATA", "/usr/share/proj")
    with open(log_path, "w") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        timer = threading.Timer(timeout_s, proc.kill)
        timer.start()
        _pid, status, usage = os.wait4(proc.pid, 0)  # rusage of this child only
        wall = time.perf_counter() - t0
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    peak_mb = usage.ru_maxrss * 1024 / MB  # Linux: ru_maxrss in KiB (with its reaped workers: the largest one)
    cpu_s = usage.ru_utime + usage.ru_stime
    info: dict = {}
    for line in log_path.read_text(errors="replace").splitlines():
        if line.startswith(RESULT_TAG):
            info = json.loads(line[len(RESULT_TAG) :])
    if proc.returncode == -9 and wall >= timeout_s:
        return "timeout", wall, peak_mb, info, cpu_s
    if info.get("self_maxrss_kb"):
        peak_mb = info["self_maxrss_kb"] * 1024 / MB  # the main process alone; workers are reported apart
    return ("ok" if proc.returncode == 0 and info else "error"), wall, peak_mb, info, cpu_s


def make_raster(size: int) -> Path:
    """The cached ``size``² raster, built by ``make_rasters.py`` in its own process.

    The parent stays small on purpose: a child's ru_maxrss starts from the parent's
    peak RSS (the memory image it was forked from), so a parent that had built a
    raster in-process would inflate every child's peak.
    """
    cmd = [sys.executable, str(HERE / "make_rasters.py"), "--sizes", str(size)]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT).stdout
    return Path(out.strip().splitlines()[-1])


def plan(
    sizes: list[int], skip_peers: bool, ours_all: bool, rows_per_strip: Optional[int], modes: list[str]
) -> list[Run]:
    """The runs to make, in order: for each size ours (each way of running the strips), then pylandstats, then
    landschaft."""
    runs: list[Run] = []
    for size in sizes:
        strips = f", rows_per_strip={rows_per_strip}" if rows_per_strip else ""
        for mode in (m for m in modes if m in OURS_MODES):
            runs.append(Run(size, mode, f"class metrics + ENN (CORE, ENN{strips}), {OURS_MODES[mode][0]}"))
        for mode in (m for m in modes if m in ENGINE_MODES):
            runs.append(Run(size, mode, ENGINE_MODES[mode][0]))
        if ours_all:
            runs.append(Run(size, "ours", f"all metrics (defaults{strips})"))
        if skip_peers or size >= HUGE:
            continue
        enn = size <= SMALL
        runs.append(Run(size, "pylandstats", "its class metrics" + (" + ENN" if enn else ", no ENN")))
        runs.append(Run(size, "landschaft", "class metrics + ENN"))
    return runs


def command(run: Run, raster: Path, rows_per_strip: Optional[int]) -> list[str]:
    """The child command line of ``run``."""
    py = sys.executable
    if run.tool.startswith("ours"):
        cmd = [py, str(HERE / "run_ours.py"), str(raster), "--csv", str(run.csv_path)] + OURS_MODES[run.tool][1]
        cmd += ["--metrics", "all" if "all metrics" in run.computed else "required"]
        return cmd + (["--rows-per-strip", str(rows_per_strip)] if rows_per_strip else [])
    if run.tool in ENGINE_MODES:
        engine, *rest = ENGINE_MODES[run.tool][1]
        return [py, str(HERE / "run_engines.py"), engine, str(raster), "--csv", str(run.csv_path)] + rest
    if run.tool == "pylandstats":
        return [py, str(HERE / "run_pylandstats.py"), str(raster), "--csv", str(run.csv_path)] + (
            ["--enn"] if "+ ENN" in run.computed else []
        )
    return [py, str(HERE / "run_landschaft.py"), str(raster), "--csv", str(run.csv_path)]


def read_table(path: Path) -> dict[int, dict[str, float]]:
    """A class table CSV as class -> column -> value (non-numeric cells skipped)."""
    out: dict[int, dict[str, float]] = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            values: dict[str, float] = {}
            for k, v in row.items():
                try:
                    values[k] = float(v)
                except (TypeError, ValueError):
                    pass
            out[int(float(row["class"]))] = values
    return out


def compare(ours: Path, peer: Path, mapping: dict[str, str]) -> list[tuple[str, str, float, str]]:
    """Largest relative difference per metric over the classes: (our column, peer column, diff, verdict)."""
    a, b = read_table(ours), read_table(peer)
    rows = []
    for col, pcol in mapping.items():
        diffs = []
        for cls, vals in a.items():
            if col not in vals or cls not in b or pcol not in b[cls]:
                continue
            x, y = vals[col], b[cls][pcol]
            if math.isnan(x) or math.isnan(y):
                diffs.append(0.0 if math.isnan(x) and math.isnan(y) else float("inf"))
            else:
                diffs.append(abs(x - y) / max(abs(y), 1e-300) if x != y else 0.0)
        if not diffs:
            continue
        d = max(diffs)
        rows.append((col, pcol, d, "ok" if d <= RTOL else "DIFFERS"))
    return rows


def engine_version() -> str:
    """The checked-out commit, and whether core/ has uncommitted changes (read-only git queries)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "core"], cwd=ROOT, capture_output=True, text=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip() + (" + uncommitted changes in core/" if dirty.stdout.strip() else "")


def machine_info() -> dict[str, str]:
    """CPU, cores, RAM and library versions of this run."""
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name")),
        platform.processor() or "?",
    )
    mem_kb = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))

    def ver(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    return {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "engine": engine_version(),
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": f"{mem_kb / 1024**2:.1f} GiB",
        "Python": platform.python_version(),
        "numpy": ver("numpy"),
        "scipy": ver("scipy"),
        "rasterio": ver("rasterio"),
        "pylandstats": ver("pylandstats"),
        "landschaft": ver("landschaft"),
    }


def results_rows(runs: list[Run]) -> list[list[str]]:
    """The results table as text cells."""
    rows = []
    for r in runs:
        worker = r.worker_mb()
        rows.append([
            f"{r.size}²", r.tool, r.computed, f"{r.wall_s:.2f}", f"{r.cpu_s:.2f}", f"{r.peak_mb:.0f}",
            "" if math.isnan(worker) else f"{worker:.0f}",
            f"{r.info['total_s']:.2f}" if "total_s" in r.info else "", f"{r.load:.1f}", r.target(), r.verdict(),
        ])
    return rows


HEADER = ["raster", "tool", "computed", "wall s", "CPU s", "peak MB", "worker MB", "in-process s", "load", "target", "result"]


def print_table(header: list[str], rows: list[list[str]]) -> None:
    """Print an aligned text table."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


def same_as_one_worker(runs: list[Run]) -> list[str]:
    """Whether each parallel run wrote the very bytes of the one-worker class table."""
    lines = []
    for r in runs:
        if r.tool in ("ours", "pylandstats", "landschaft", "window", "sink") or r.status != "ok":
            continue
        one = "ours" if r.tool.startswith("ours") else r.tool.split("-")[0]
        base = next((b for b in runs if b.tool == one and b.size == r.size and b.status == "ok"
                     and ("all metrics" in b.computed) == ("all metrics" in r.computed)), None)
        if base is not None:
            same = base.csv_path.read_bytes() == r.csv_path.read_bytes()
            what = "class table" if one == "ours" else "output table (statistics and pixel digests)"
            lines.append(f"{r.size}² {r.tool}: {what} {'identical to' if same else 'DIFFERS from'} one worker's")
    return lines


def markdown(
    runs: list[Run], checks: dict[str, list], path: Path, repeat: int, child_env: dict[str, str], engine: str,
    identical: Optional[list[str]] = None,
) -> None:
    """Write the results (and the cross-checks) as markdown with the machine description."""
    info = machine_info()
    if info["engine"] != engine:
        info["engine"] = f"{engine} at the start, {info['engine']} at the end"
    info["GDAL_CACHEMAX"] = child_env.get("GDAL_CACHEMAX", os.environ.get("GDAL_CACHEMAX", "GDAL default"))
    lines = ["Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()), ""]
    lines += [
        f"wall s: whole child process (interpreter start, imports, reading, metrics), fastest of {repeat}; "
        "CPU s: user + system of the child and the processes it waited for; "
        "peak MB: its ru_maxrss in 10^6 bytes, largest of the runs; worker MB: the largest worker process's; in-process s: from the child's first import "
        "to its result; load: 1-minute load average when that run started.",
        "",
    ]
    lines += ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(r) + " |" for r in results_rows(runs)]
    if identical:
        lines += [""] + [f"- {line}" for line in identical]
    if checks:
        lines += ["", f"Cross-check, largest relative difference over the classes (tolerance {RTOL:g}; - : not computed):", ""]
        lines += ["| ours | " + " | ".join(checks) + " |", "|---|" + "---|" * len(checks)]
        found = {t: {c: (d, v) for c, _p, d, v in rows} for t, rows in checks.items()}
        for col in LSF_MAP:
            cells = [found[t].get(col) for t in checks]
            text = ["-" if x is None else f"{x[0]:.1e}" + ("" if x[1] == "ok" else " **differs**") for x in cells]
            lines.append(f"| {col} | " + " | ".join(text) + " |")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")


def main(argv: Optional[list[str]] = None) -> int:
    """Command line: build the rasters, run every tool once per raster, print and optionally save the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default=f"{SMALL},4000,10000", help="comma-separated raster edges in cells")
    ap.add_argument("--huge", action="store_true", help=f"add {HUGE}² (ours only)")
    ap.add_argument("--skip-peers", action="store_true", help="run only this plugin's engine")
    ap.add_argument("--ours-all", action="store_true", help="also run ours with all default metrics")
    ap.add_argument("--rows-per-strip", type=int, default=None, help="FragmentationOptions.rows_per_strip (default: engine)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool and raster: fastest time, largest peak kept")
    ap.add_argument("--gdal-cachemax", type=int, default=None, help="children's GDAL block cache, MB (default: 5%% of RAM)")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds before a run is killed")
    ap.add_argument("--markdown", type=Path, default=None, help="write the results table here")
    ap.add_argument("--modes", default=",".join(OURS_MODES),
                    help=f"how our strips run, comma-separated among {','.join(OURS_MODES)} (default: these three), "
                         f"and the other strip engines: {','.join(ENGINE_MODES)}")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([HUGE] if args.huge else [])
    (OUT / "logs").mkdir(parents=True, exist_ok=True)

    child_env = {"GDAL_CACHEMAX": str(args.gdal_cachemax)} if args.gdal_cachemax is not None else {}
    engine = engine_version()
    note = f"; children run with GDAL_CACHEMAX={args.gdal_cachemax}" if child_env else ""
    print(f"engine: {engine}{note}", flush=True)
    modes = [m for m in args.modes.split(",") if m]
    unknown = set(modes) - set(OURS_MODES) - set(ENGINE_MODES)
    if unknown:
        ap.error(f"unknown mode(s) {', '.join(sorted(unknown))}")
    runs = plan(sizes, args.skip_peers, args.ours_all, args.rows_per_strip, modes)
    rasters: dict[int, Path] = {}
    for size in sizes:
        t0 = time.perf_counter()
        rasters[size] = make_raster(size)
        print(f"raster {size}²: {rasters[size]} ({time.perf_counter() - t0:.1f} s)", flush=True)
    for run in runs:
        tag = f"{run.size}_{run.tool}" + ("_all" if "all metrics" in run.computed else "")
        run.csv_path, run.log_path = OUT / f"{tag}.csv", OUT / "logs" / f"{tag}.log"
        run.csv_path.unlink(missing_ok=True)
        print(f"running {run.tool} on {run.size}² ({run.computed}) ...", end=" ", flush=True)
        for _ in range(max(1, args.repeat)):
            load = os.getloadavg()[0]
            cmd = command(run, rasters[run.size], args.rows_per_strip)
            status, wall, peak, info, cpu = run_child(cmd, run.log_path, args.timeout, child_env)
            if status != "ok" or not wall >= run.wall_s:  # first, failed, or faster than before
                run.status, run.wall_s, run.info, run.load, run.cpu_s = status, wall, info, load, cpu
            run.peak_mb = peak if math.isnan(run.peak_mb) else max(run.peak_mb, peak)
            if status != "ok":
                break
        print(f"{run.status}: {run.wall_s:.2f} s, {run.peak_mb:.0f} MB {run.verdict()}", flush=True)
        if run.status != "ok":
            tail = run.log_path.read_text(errors="replace").splitlines()[-25:]
            print("\n".join("    " + ln for ln in tail), flush=True)

    print()
    print_table(HEADER, results_rows(runs))
    identical = same_as_one_worker(runs)
    for line in identical:
        print(line)
    checks: dict[str, list] = {}
    for size in sizes:
        done = {
            r.tool: r for r in runs
            if r.size == size and r.tool in ("ours", "pylandstats", "landschaft") and r.status == "ok" and "all metrics" not in r.computed
        }
        if "ours" not in done:
            continue
        for peer, mapping in (("pylandstats", PLS_MAP), ("landschaft", LSF_MAP)):
            if peer in done:
                title = f"{size}² vs {peer}"
                checks[title] = compare(done["ours"].csv_path, done[peer].csv_path, mapping)
    for title, rows in checks.items():
        print(f"\ncross-check {title}: largest relative difference over the classes (tolerance {RTOL:g})")
        print_table(["ours", "peer", "max rel diff", ""], [[c, p, f"{d:.2e}", v] for c, p, d, v in rows])
    if args.markdown:
        markdown(runs, checks, args.markdown, max(1, args.repeat), child_env, engine, identical)
        print(f"\nmarkdown table written to {args.markdown}")
    return 0 if all(r.status == "ok" for r in runs) else 1  # missed targets are reported, not errors


if __name__ == "__main__":
    sys.exit(main())

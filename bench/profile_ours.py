"""Where the engine spends time and memory: samples the main thread's stack and RSS while it runs."""

from __future__ import annotations

import argparse
import os
import resource
import sys
import threading
import time
from collections import defaultdict
from types import FrameType
from typing import Optional

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation
from bluecarbon.core.landcover import open_landcover

PAGE = os.sysconf("SC_PAGE_SIZE")
ENTRY = "analyse_fragmentation"


def rss_mb() -> float:
    """Resident set size of this process now, in MB (10^6 bytes)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 1e6


def phase_of(frame: Optional[FrameType]) -> tuple[str, str]:
    """(engine step called by ``analyse_fragmentation``, innermost engine function) of a stack."""
    chain = []
    while frame is not None:
        chain.append(frame)
        frame = frame.f_back
    chain.reverse()  # outermost first
    names = [f.f_code.co_name for f in chain]
    if ENTRY not in names:
        mine = [j for j, f in enumerate(chain) if f.f_code.co_filename == __file__ and f.f_code.co_name == "main"]
        callee = names[mine[0] + 1] if mine and mine[0] + 1 < len(names) else "(between steps)"
        return f"({callee})", ""
    i = names.index(ENTRY)
    step = names[i + 1] if i + 1 < len(names) else ENTRY
    inner = next((f for f in reversed(chain) if "bluecarbon" in f.f_code.co_filename), chain[-1])
    return step, f"{inner.f_code.co_name} ({os.path.basename(inner.f_code.co_filename)}:{inner.f_lineno})"


class Sampler(threading.Thread):
    """Every ``interval`` s: the main thread's engine step and the RSS."""

    def __init__(self, interval: float) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.main_id = threading.main_thread().ident
        self.stop = threading.Event()
        self.seconds: dict[str, float] = defaultdict(float)
        self.peak: dict[str, float] = defaultdict(float)
        self.top = (0.0, "", "")

    def run(self) -> None:
        """Sample until stopped."""
        last = time.perf_counter()
        while not self.stop.wait(self.interval):
            now = time.perf_counter()
            step, inner = phase_of(sys._current_frames().get(self.main_id))
            mb = rss_mb()
            self.seconds[step] += now - last
            self.peak[step] = max(self.peak[step], mb)
            if mb > self.top[0]:
                self.top = (mb, step, inner)
            last = now


def main(argv: Optional[list[str]] = None) -> None:
    """Profile one run of the required class metrics (or all) and print time and peak RSS per engine step."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("raster")
    ap.add_argument("--metrics", choices=("required", "all"), default="required")
    ap.add_argument("--rows-per-strip", type=int, default=None)
    ap.add_argument("--interval", type=float, default=0.005)
    args = ap.parse_args(argv)
    sampler = Sampler(args.interval)
    print(f"RSS after imports: {rss_mb():.0f} MB")
    sampler.start()
    t0 = time.perf_counter()
    lc = open_landcover(args.raster)
    scheme = build_scheme(lc.value_counts(), None)
    metrics = frozenset({"CORE", "ENN"}) if args.metrics == "required" else FragmentationOptions().metrics
    result = analyse_fragmentation(lc, scheme, FragmentationOptions(metrics=metrics, rows_per_strip=args.rows_per_strip))
    elapsed = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    result.close()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6
    print(f"total {elapsed:.2f} s; process peak (ru_maxrss) {maxrss:.0f} MB; largest sampled RSS {sampler.top[0]:.0f} MB")
    print(f"  in {sampler.top[1]} at {sampler.top[2]}")
    print(f"{'engine step':32s} {'seconds':>8s} {'peak MB':>8s}")
    for step, s in sorted(sampler.seconds.items(), key=lambda kv: -kv[1]):
        print(f"{step:32s} {s:8.2f} {sampler.peak[step]:8.0f}")


if __name__ == "__main__":
    main()

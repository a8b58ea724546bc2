"""Helpers shared by the benchmark child scripts: timing, result line and CSV output."""

from __future__ import annotations

import csv
import json
import resource
import sys
import time
from typing import Any, Mapping, Sequence

START = time.perf_counter()  # imported first by every child, before any heavy import

RESULT_TAG = "BENCH_RESULT "


def since_start() -> float:
    """Seconds since the child started importing."""
    return time.perf_counter() - START


def write_table(path: str, columns: Mapping[str, Sequence[Any]]) -> None:
    """Write ``columns`` (name -> values, one value per class) as a CSV file."""
    names = list(columns)
    n = len(next(iter(columns.values()))) if columns else 0
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names)
        for i in range(n):
            w.writerow([_cell(columns[c][i]) for c in names])


def _cell(v: Any) -> Any:
    """A CSV cell: floats in full precision."""
    return repr(float(v)) if isinstance(v, float) or type(v).__name__.startswith("float") else v


def report(**fields: Any) -> None:
    """Print the child's result line (with its own peak RSS) for the parent to parse."""
    fields.setdefault("total_s", since_start())
    fields["self_maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(RESULT_TAG + json.dumps(fields), flush=True)
    sys.stdout.flush()

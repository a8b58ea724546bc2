"""Result tables of a change analysis: periods, yearly stocks, transition areas (t C, t CO₂e, ha).

Tables are dicts of columns (one numpy array each); with Monte Carlo draws the uncertain columns
get ``_mean`` and the interval's percentiles beside the central value.
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from ..parameters import CO2_PER_C
from .carbon import EMITTING_POOLS, POOLS
from .result import ChangeResult
from .transitions import ACCUM, HIGH, LOW, MED, NCC


def _interval_names(interval: float) -> tuple[str, str]:
    lo = (1.0 - interval) / 2 * 100
    return f"p{lo:02g}" if lo >= 1 else f"p{lo:g}", f"p{100 - lo:g}"


def _with_interval(row: dict, name: str, central: float, sample: Optional[np.ndarray], interval: float) -> None:
    row[name] = central
    if sample is None:
        return
    lo_name, hi_name = _interval_names(interval)
    lo = (1.0 - interval) / 2
    row[f"{name}_mean"] = float(np.mean(sample))
    row[f"{name}_{lo_name}"] = float(np.quantile(sample, lo))
    row[f"{name}_{hi_name}"] = float(np.quantile(sample, 1.0 - lo))


def period_table(result: ChangeResult, with_draws: bool) -> dict[str, np.ndarray]:
    """Per period and in total: areas by action, stocks, accumulation, emissions, net, NPV (t C, t CO₂e)."""
    book = result.book
    hist = result.histories
    bounds = book.boundaries
    interval = result.options.interval
    n_periods = book.n_periods
    rows: list[dict] = []

    def stock_total(j: int) -> float:
        return float(sum(hist.area_ha @ book.stock_at[p][:, j] for p in POOLS))

    def totals(select) -> dict[str, np.ndarray]:
        acc = {p: select(book.total_accumulation[p]) for p in POOLS}
        emi = {p: select(book.total_emissions[p]) for p in EMITTING_POOLS}
        out = {f"accumulation_{p}_tC": acc[p] for p in POOLS}
        out["accumulation_tC"] = sum(acc.values())
        out.update({f"emissions_{p}_tC": emi[p] for p in EMITTING_POOLS})
        out["emissions_tC"] = sum(emi.values())
        out["net_sequestration_tC"] = out["accumulation_tC"] - out["emissions_tC"]
        out["accumulation_tCO2e"] = out["accumulation_tC"] * CO2_PER_C
        out["emissions_tCO2e"] = out["emissions_tC"] * CO2_PER_C
        out["net_sequestration_tCO2e"] = out["net_sequestration_tC"] * CO2_PER_C
        if book.total_npv is not None:
            out["npv_currency"] = select(book.total_npv)
        return out

    uncertain = ("accumulation_tC", "emissions_tC", "net_sequestration_tC", "net_sequestration_tCO2e", "npv_currency")
    for j in range(n_periods + 1):
        is_total = j == n_periods
        row: dict[str, object] = {
            "period": "total" if is_total else f"{bounds[j]}-{bounds[j + 1]}",
            "start_year": bounds[0] if is_total else bounds[j],
            "end_year": bounds[-1] if is_total else bounds[j + 1],
        }
        row["years"] = row["end_year"] - row["start_year"]
        row["driven_by"] = (
            "" if is_total else ("baseline" if j == 0 else f"change {result.years[j - 1]}-{result.years[j]}")
        )
        for name, action in (("accum", ACCUM), ("low_disturb", LOW), ("med_disturb", MED), ("high_disturb", HIGH),
                             ("ncc", NCC)):
            if is_total or j == 0:
                row[f"{name}_ha"] = np.nan
            else:
                row[f"{name}_ha"] = float(hist.area_ha[result.actions[:, j - 1] == action].sum())
        row["stock_start_tC"] = stock_total(0 if is_total else j)
        row["stock_end_tC"] = stock_total(n_periods if is_total else j + 1)
        values = totals((lambda a: a.sum(axis=0)) if is_total else (lambda a, j=j: a[j]))
        for name, per_draw in values.items():
            sample = per_draw[1:] if with_draws and name in uncertain else None
            _with_interval(row, name, float(per_draw[0]), sample, interval)
        rows.append(row)
    return _columns(rows, text=("period", "driven_by"))


def stock_table(result: ChangeResult, with_draws: bool) -> dict[str, np.ndarray]:
    """Map stocks of each pool at the start of every year from the baseline to the analysis year (t C)."""
    book = result.book
    base = book.boundaries[0]
    rows = []
    for i in range(book.annual_stock["soil"].shape[0]):
        row: dict[str, object] = {"year": base + i}
        for p in POOLS:
            row[f"{p}_stock_tC"] = float(book.annual_stock[p][i, 0])
        total = sum(book.annual_stock[p][i] for p in POOLS)
        _with_interval(row, "total_stock_tC", float(total[0]), total[1:] if with_draws else None, result.options.interval)
        row["total_stock_tCO2e"] = float(total[0]) * CO2_PER_C
        rows.append(row)
    return _columns(rows)


def transition_area_table(result: ChangeResult) -> dict[str, np.ndarray]:
    """Transition area matrix (ha) between each pair of consecutive snapshots."""
    hist, scheme = result.histories, result.scheme
    n = scheme.n_classes
    rows = []
    for j in range(1, len(result.years)):
        matrix = np.zeros((n + 1, n + 1))
        np.add.at(matrix, (hist.classes[:, j - 1], hist.classes[:, j]), hist.area_ha)
        for a in range(1, n + 1):
            row: dict[str, object] = {
                "from_year": result.years[j - 1],
                "to_year": result.years[j],
                "from_value": scheme.codes[a - 1],
                "from_name": scheme.names[a - 1],
                "from_ecosystem": scheme.ecosystems[a - 1],
            }
            for b in range(1, n + 1):
                row[f"to_{scheme.codes[b - 1]}_ha"] = float(matrix[a, b])
            row["total_ha"] = float(matrix[a, 1:].sum())
            rows.append(row)
    return _columns(rows, text=("from_name", "from_ecosystem"))


def _columns(rows: list[dict], text: Sequence[str] = ()) -> dict[str, np.ndarray]:
    names = list(dict.fromkeys(k for r in rows for k in r))
    return {
        n: np.array([r.get(n, "" if n in text else np.nan) for r in rows], dtype=object if n in text else float)
        for n in names
    }

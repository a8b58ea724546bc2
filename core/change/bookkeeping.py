"""The InVEST Coastal Blue Carbon bookkeeping: stocks, accumulation, emissions, net sequestration, value.

Snapshots at years y_0 < y_1 < … < y_{m−1} and an analysis year F ≥ y_{m−1} cut time into periods
[y_j, y_{j+1}) (with y_m = F when F > y_{m−1}; :func:`period_boundaries`). Year t below is a
calendar year; S_{p,t} is the stock of pool p at the very beginning of year t, per hectare.
Following the InVEST user's guide (Coastal Blue Carbon, equations cbc_stocks_pool …
cbc_net_present_value) and the year indexing of InVEST 3.20.2's code:

- Baseline: S_{p,y_0} = the baseline class's stock (biomass = aboveground + belowground, soil,
  litter); during the baseline period every pool accumulates at the baseline class's rate.
- A transition a → b at snapshot year s takes effect on 1 January of s, with the carbon action the
  transition table gives for (a, b) (:func:`apply_transition`):
  - ``accum``: biomass and soil accumulate at b's rates (A_{p,t}); an emission still running
    from an earlier disturbance stops (the guide: a cell either accumulates or emits, the most
    recent transition decides);
  - ``low/med/high-impact-disturb``: the disturbed volume D_{p,s} = S_{p,s} · M_{p,s}
    (:func:`disturbed_carbon`), M the disturbance fraction of the SOURCE class a at that impact
    level and S_{p,s} the stock at the beginning of s, is emitted over the following years:
    E_{p,t} = D_{p,s} · (0.5^{(t−s)/H_p} − 0.5^{(t−s+1)/H_p}) for t ≥ s (:func:`annual_emission`
    with the share kept each year, :func:`yearly_retention`; InVEST's code counts the
    transition year as the first year of emissions; the guide's E_{p,t} with S_t = S_{t−1} + N_t
    indexes the same amount one year later), H_p the half-life of pool p of class a. The
    cumulative share emitted by the start of year s + n is 1 − 0.5^{n/H_p}. Accumulation stops;
  - ``NCC``: no new carbon action: biomass and soil stop accumulating; an emission still running
    continues (a disturbance of magnitude 0 is treated the same way, as InVEST's code does).
- Litter is never emitted; it accumulates at the rate of the class the cell has (InVEST: litter
  accumulation is a reclassification of the current map, whatever the transition).
- N_{p,t} = A_{p,t} − E_{p,t} and S_{p,t+1} = S_{p,t} + N_{p,t} (:func:`carbon_bookkeeping`, year
  by year); net sequestration of a period is accumulation − emissions summed over every pool,
  litter included, and equals the change of the total stock over the period.
- Value: V = Σ_t p_t (S_t − S_{t−1}) / (1 + d)^t (see :mod:`core.valuation`), t CO₂e = t C × 44/12
  (:func:`discounted_value`).

Where InVEST 3.20.2's code departs from its user's guide (net sequestration without litter, NPV,
total stocks with the litter rate, accumulation after a disturbance, the half-life of a running
emission) this module follows the guide: docs/carbon-change.md lists each departure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from ..feedback import Steps
from ..parameters import CO2_PER_C
from ..valuation import Valuation
from .carbon import EMITTING_POOLS, POOLS, ClassCarbon, require_parameter
from .transitions import ACCUM, HIGH, LEVELS, LOW, MED


@dataclass
class Bookkeeping:
    """Per-hectare results of each history (central values) and map totals per draw."""

    boundaries: list[int]  # period j = [boundaries[j], boundaries[j+1])
    accumulation: dict[str, np.ndarray]  # pool → (H, P) t C/ha, central
    emissions: dict[str, np.ndarray]  # biomass, soil → (H, P) t C/ha, central
    stock_at: dict[str, np.ndarray]  # pool → (H, P+1) t C/ha at the start of each boundary year, central
    npv: Optional[np.ndarray]  # (H, P) value per ha, central
    total_accumulation: dict[str, np.ndarray]  # pool → (P, D) t C
    total_emissions: dict[str, np.ndarray]  # biomass, soil → (P, D) t C
    total_npv: Optional[np.ndarray]  # (P, D)
    annual_stock: dict[str, np.ndarray]  # pool → (F − y_0 + 1, D) t C at the start of each year

    @property
    def n_periods(self) -> int:
        """Number of periods."""
        return len(self.boundaries) - 1

    def net(self) -> np.ndarray:
        """Net sequestration per history and period (H, P), t C/ha, central: accumulation − emissions."""
        return sum(self.accumulation.values()) - sum(self.emissions.values())


def period_boundaries(years: Sequence[int], analysis_year: int) -> list[int]:
    """Snapshot years, plus the analysis year when it is later than the last snapshot."""
    return list(years) + ([analysis_year] if analysis_year > years[-1] else [])


def disturbed_carbon(stock_tC_ha: np.ndarray, fraction: np.ndarray) -> np.ndarray:
    """D_{p,s} = S_{p,s} · M_{p,s}: the carbon (t C/ha) a disturbance releases over the following years."""
    return fraction * stock_tC_ha


def yearly_retention(half_life_yr: np.ndarray) -> np.ndarray:
    """0.5^{1/H_p}: the share of a running emission's remaining carbon kept each year (H_p in yr)."""
    return 0.5 ** (1.0 / half_life_yr)


def annual_emission(remaining_tC_ha: np.ndarray, retention: np.ndarray) -> np.ndarray:
    """E_{p,t} = D_{p,s} · (0.5^{(t−s)/H_p} − 0.5^{(t−s+1)/H_p}), t C/ha, from D · 0.5^{(t−s)/H_p} still to emit."""
    return remaining_tC_ha * (1.0 - retention)


def discounted_value(net_tC_ha: np.ndarray, weight: float) -> np.ndarray:
    """p_t (S_t − S_{t−1}) / (1 + d)^t of one year: ``weight`` is the year's price × 44/12 / (1 + d)^t."""
    return net_tC_ha * weight


def carbon_bookkeeping(
    classes: np.ndarray,
    years: Sequence[int],
    analysis_year: int,
    actions: np.ndarray,
    carbon: ClassCarbon,
    area_ha: np.ndarray,
    valuation: Optional[Valuation] = None,
    describe: Optional[Callable[[int, int], str]] = None,
    steps: Optional[Steps] = None,
) -> Bookkeeping:
    """Run the InVEST bookkeeping year by year for every history at once.

    ``classes`` (H, m): class index of each history at each snapshot; ``actions`` (H, m − 1): the
    carbon action (ACCUM … NCC) of each transition; ``area_ha`` (H,): the area of each history.
    ``describe(h, j)`` names the transition of history h at snapshot j in error messages.
    """
    steps = steps or Steps(None)
    classes = np.asarray(classes)
    area = np.asarray(area_ha, dtype=float)
    n_hist = classes.shape[0]
    n_cols = carbon.n_draws
    bounds = period_boundaries(list(years), analysis_year)
    n_periods = len(bounds) - 1
    base = bounds[0]
    weights = valuation.year_weights(base, analysis_year - base) * CO2_PER_C if valuation is not None else None

    first = classes[:, 0]
    stock = {p: carbon.stock[p][first].copy() for p in POOLS}
    rate = {p: carbon.rate[p][first].copy() for p in POOLS}
    restored = np.zeros(n_hist, dtype=bool)  # entered blue carbon from another class at a snapshot, still there
    remaining = {p: np.zeros((n_hist, n_cols)) for p in EMITTING_POOLS}  # D · 0.5^((t − s)/H) still to emit
    keep = {p: np.ones((n_hist, n_cols)) for p in EMITTING_POOLS}  # 0.5^(1/H): the share kept each year

    acc = {p: np.zeros((n_hist, n_periods)) for p in POOLS}
    emi = {p: np.zeros((n_hist, n_periods)) for p in EMITTING_POOLS}
    stock_at = {p: np.zeros((n_hist, n_periods + 1)) for p in POOLS}
    npv = np.zeros((n_hist, n_periods)) if weights is not None else None
    tot_acc = {p: np.zeros((n_periods, n_cols)) for p in POOLS}
    tot_emi = {p: np.zeros((n_periods, n_cols)) for p in EMITTING_POOLS}
    tot_npv = np.zeros((n_periods, n_cols)) if weights is not None else None
    annual = {p: np.zeros((analysis_year - base + 1, n_cols)) for p in POOLS}
    for p in POOLS:
        annual[p][0] = area @ stock[p]
        stock_at[p][:, 0] = stock[p][:, 0]

    for j in range(n_periods):
        if j > 0:
            apply_transition(j, classes, actions, carbon, stock, rate, remaining, keep, bounds[j], describe, restored)
        emitted = {p: np.zeros((n_hist, n_cols)) for p in EMITTING_POOLS}
        value = np.zeros((n_hist, n_cols)) if weights is not None else None
        for t in range(bounds[j], bounds[j + 1]):
            net = rate["biomass"] + rate["soil"] + rate["litter"]
            for p in EMITTING_POOLS:
                e = annual_emission(remaining[p], keep[p])
                remaining[p] *= keep[p]
                emitted[p] += e
                stock[p] += rate[p] - e
                net = net - e
            stock["litter"] += rate["litter"]
            if value is not None:
                value += discounted_value(net, weights[t - base])
            for p in POOLS:
                annual[p][t + 1 - base] = area @ stock[p]
            steps.check()
        length = bounds[j + 1] - bounds[j]
        for p in POOLS:
            gained = rate[p] * length
            acc[p][:, j] = gained[:, 0]
            tot_acc[p][j] = area @ gained
            stock_at[p][:, j + 1] = stock[p][:, 0]
        for p in EMITTING_POOLS:
            emi[p][:, j] = emitted[p][:, 0]
            tot_emi[p][j] = area @ emitted[p]
        if value is not None:
            npv[:, j] = value[:, 0]
            tot_npv[j] = area @ value
        steps.progress((j + 1) / n_periods)
    return Bookkeeping(bounds, acc, emi, stock_at, npv, tot_acc, tot_emi, tot_npv, annual)


def apply_transition(j, classes, actions, carbon, stock, rate, remaining, keep, year, describe, restored=None) -> None:
    """Set the carbon state of every history at snapshot j (the change from snapshot j − 1).

    ``restored`` (H,) marks histories that entered a blue-carbon class from another class (updated here): they
    accumulate at the rates for restored cells (rows ``applies_to=restored``, e.g. IPCC's EF_RE), the others at
    the rates for intact stands; ``any`` rows serve both.
    """
    source, destination = classes[:, j - 1], classes[:, j]
    action = actions[:, j - 1]
    accumulating = (action == ACCUM)[:, None]
    if restored is None:
        restored = np.zeros(classes.shape[0], dtype=bool)
    if carbon.blue is not None:
        entering = (action == ACCUM) & ~carbon.blue[source] & carbon.blue[destination]
        restored[:] = (restored | entering) & carbon.blue[destination]
    for p in EMITTING_POOLS:
        rate[p] = np.where(accumulating, carbon.rates_for(p, destination, restored), 0.0)
        remaining[p] = np.where(accumulating, 0.0, remaining[p])
        for level in (LOW, MED, HIGH):
            rows = np.flatnonzero(action == level)
            if rows.size == 0:
                continue
            fraction = carbon.disturbance[p][source[rows], level - 1]
            held = stock[p][rows]
            require_parameter(np.isnan(fraction) & (held > 0), rows, j, f"{p}_disturbance_{LEVELS[level - 1]}", carbon,
                              source, describe)
            fraction = np.nan_to_num(fraction, nan=0.0)
            half_life = carbon.half_life[p][source[rows]]
            hit = (fraction > 0) & (half_life != 0)  # a half-life of 0: that pool is not emitted (InVEST)
            require_parameter(np.isnan(half_life) & hit & (held > 0), rows, j, f"{p}_half_life", carbon, source, describe)
            half_life = np.where(np.isnan(half_life), 1.0, half_life)
            remaining[p][rows] = np.where(hit, disturbed_carbon(held, fraction), remaining[p][rows])
            keep[p][rows] = np.where(hit, yearly_retention(half_life), keep[p][rows])
    rate["litter"] = carbon.rates_for("litter", destination, restored).copy()

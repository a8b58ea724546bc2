"""Morris screening (elementary effects) of the attributed total and the share of demand met.

Factors (each a range; a multiplier's range is sampled on a log₂ scale, so ×0.5 and ×2 are
symmetric):

- ``decay``: multiplier of the decay distance λ (power law: of 1/β), default ×0.5–×2;
- ``max_distance``: multiplier of d_max, default ×0.5–×2;
- ``resistance:<ecosystem>``: multiplier of one ecosystem's resistance (least cost only), ×0.5–×2;
- ``edge_factor``: the edge band's relative rate, default the sink's value ± 0.2 within [0, 1]
  (only with an edge band).

Morris (1991), with Campolongo et al. (2007)'s μ*: r trajectories on a p-level grid (p = 4,
Δ = p / (2 (p − 1))); in each, the factors move one at a time by ±Δ in a random order, and the
elementary effect of factor k is EE_k = (y(x + e_k Δ) − y(x)) / Δ in units of the output per whole
range. μ* = mean |EE_k| ranks influence, σ = sd EE_k flags interactions or non-linearity.

Straight line: the pairs are found once at the largest d_max and every run is one allocation on
them (the allocation drops pairs beyond the run's d_max). Least cost with resistance factors:
every run repeats the least-cost search. Implemented here (no SALib needed).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from ..classes import ClassScheme
from ..errors import InputError
from ..landcover import LandCover
from ..parameters import ParameterTable
from .allocation import share_of_demand_met
from .cellsupply import rate_of_class
from .demand import DemandUnits
from .engine import LEAST_COST, FlowOptions, assess_flow
from .resistance import load_resistance

OUTPUTS: tuple[str, ...] = ("attributed_tC_yr", "share_of_demand_met")


@dataclass(frozen=True)
class Factor:
    """One screened factor: its name, range and whether the range is a multiplier (log₂ scale)."""

    name: str
    low: float
    high: float
    multiplier: bool = True

    def value(self, x: float) -> float:
        """The factor's value at the grid position x ∈ [0, 1]."""
        if self.multiplier:
            return 2.0 ** (math.log2(self.low) + x * (math.log2(self.high) - math.log2(self.low)))
        return self.low + x * (self.high - self.low)


def morris(model: Callable[[dict[str, float]], dict[str, float]], factors: Sequence[Factor], outputs: Sequence[str],
           trajectories: int = 10, levels: int = 4, seed: int = 0) -> dict[str, np.ndarray]:
    """Elementary effects of ``model`` (factor values → outputs): a table with one row per (factor, output)."""
    if trajectories < 2 or levels < 2 or levels % 2:
        raise InputError("Morris screening needs at least 2 trajectories and an even number of levels ≥ 2.",
                         "Give e.g. 10 trajectories and 4 levels.")
    rng = np.random.default_rng(seed)
    k = len(factors)
    delta = levels / (2.0 * (levels - 1))
    grid = np.arange(levels) / (levels - 1)
    effects = np.zeros((trajectories, k, len(outputs)))
    for t in range(trajectories):
        x = rng.choice(grid, size=k)
        y = model({f.name: f.value(v) for f, v in zip(factors, x)})
        for j in rng.permutation(k):
            step = delta if x[j] + delta <= 1.0 + 1e-12 else -delta
            x2 = x.copy()
            x2[j] = min(max(x[j] + step, 0.0), 1.0)
            y2 = model({f.name: f.value(v) for f, v in zip(factors, x2)})
            effects[t, j] = [(y2[o] - y[o]) / step for o in outputs]
            x, y = x2, y2
    rows = {"factor": [], "output": [], "mu_star": [], "mu": [], "sigma": [], "low": [], "high": []}
    for j, f in enumerate(factors):
        for o, name in enumerate(outputs):
            ee = effects[:, j, o]
            rows["factor"].append(f.name)
            rows["output"].append(name)
            rows["mu_star"].append(float(np.mean(np.abs(ee))))
            rows["mu"].append(float(np.mean(ee)))
            rows["sigma"].append(float(np.std(ee, ddof=1)))
            rows["low"].append(f.low)
            rows["high"].append(f.high)
    return {key: np.array(v, dtype=object if key in ("factor", "output") else float) for key, v in rows.items()}


def default_factors(options: FlowOptions, scheme: Optional[ClassScheme] = None) -> list[Factor]:
    """Decay and d_max ×0.5–×2, each finite resistance ×0.5–×2 (least cost), edge factor ±0.2 (with an edge band)."""
    factors = [Factor("decay", 0.5, 2.0), Factor("max_distance", 0.5, 2.0)]
    if options.distance_mode == LEAST_COST:
        table = options.resistance or load_resistance()
        present = set(scheme.ecosystems) if scheme is not None else set(table.by_ecosystem)
        for eco, r in sorted(table.by_ecosystem.items()):
            if math.isfinite(r) and eco in present:
                factors.append(Factor(f"resistance:{eco}", 0.5, 2.0))
    if options.sink.edge_effect:
        f = options.sink.edge_factor
        factors.append(Factor("edge_factor", max(0.0, f - 0.2), min(1.0, f + 0.2), multiplier=False))
    return factors


def flow_sensitivity(
    lc: LandCover,
    scheme: ClassScheme,
    parameters: ParameterTable,
    demand: DemandUnits,
    options: FlowOptions,
    factors: Optional[Sequence[Factor]] = None,
    trajectories: int = 10,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Morris table (factor, output, μ*, μ, σ, range) of the attributed total and the share of demand met."""
    factors = list(factors) if factors is not None else default_factors(options, scheme)
    names = {f.name for f in factors}
    unknown = [n for n in names if n not in ("decay", "max_distance", "edge_factor") and not n.startswith("resistance:")]
    if unknown:
        raise InputError(f"Unknown sensitivity factor(s): {', '.join(unknown)}.",
                         "Use decay, max_distance, edge_factor or resistance:<ecosystem>.")
    d_top = options.max_distance_m * max((f.high for f in factors if f.name == "max_distance"), default=1.0)
    needs_search = any(n.startswith("resistance:") for n in names) and options.distance_mode == LEAST_COST
    base = assess_flow(lc, scheme, parameters, demand, dataclasses.replace(options, max_distance_m=d_top))
    base.close()
    rates = rate_of_class(scheme, parameters)
    d = demand.demand_tC_yr

    def model(values: dict[str, float]) -> dict[str, float]:
        decay = options.decay.scaled(values.get("decay", 1.0))
        d_max = options.max_distance_m * values.get("max_distance", 1.0)
        run_options = dataclasses.replace(options, decay=decay, max_distance_m=d_max)
        m = base.model
        if needs_search:
            table = options.resistance or load_resistance()
            by_eco = {e: r * values.get(f"resistance:{e}", 1.0) for e, r in table.by_ecosystem.items()}
            run_options = dataclasses.replace(run_options, resistance=dataclasses.replace(table, by_ecosystem=by_eco))
            res = assess_flow(lc, scheme, parameters, demand, dataclasses.replace(run_options, max_distance_m=d_max))
            res.close()
            m = res.model
        supply = m.supply
        if "edge_factor" in values and m.cells is not None:
            supply = m.cells.supply_with(rates, values["edge_factor"])
        a = m.allocate(run_options, supply=supply)
        return {"attributed_tC_yr": float(a.flow.sum()), "share_of_demand_met": share_of_demand_met(a.received, d)}

    return morris(model, factors, OUTPUTS, trajectories, seed=seed)

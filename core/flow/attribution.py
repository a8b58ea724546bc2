"""Why attributed flow changed between two dates: counterfactual runs and an order-averaged (Shapley) split.

"Change in attributed = change in supply − change in unallocated" is an identity, not an
explanation. The change is explained by four factors, each taken at date 1 or date 2, on the union
of the cells that sequester at either date:

- **area**: which cells sequester and at which rate (cover gained, lost or converted), every cell at
  its full rate (a cell that does not sequester at date 1 enters with edge multiplier 1);
- **edge**: the edge multiplier of every cell (f in the edge band, else 1);
- **reach**: the distances from cells to units (straight line: unchanged by cover; least cost:
  resistances change with cover, barriers appear or go);
- **demand**: the units' demand.

For a set X of factors at date 2 (the rest at date 1), s_c(X) = base_c(area) × m_c(edge), pairs and
demand as chosen, and two values are computed on the same pairs:

    F(X) = attributed total (the chosen allocation, capped by default)
    A(X) = accessible supply: Σ s_c over the cells with a unit with demand in reach

F = A − U_sat (U_sat: supply with demand in reach that the full units cannot take). Shapley values
φ_k(v) = Σ_{X ⊆ N∖k} |X|! (n − |X| − 1)! / n! · (v(X ∪ k) − v(X)) average every order of switching
the factors (2⁴ = 16 counterfactual runs), and the five channels are

    area, edge, reach, demand = φ_k(A)      saturation = ΔF − ΔA = −ΔU_sat

so area + edge + reach + demand + saturation = F(date 2) − F(date 1) exactly (Shapley values add up
to the total change). The per-factor Shapley values of F itself and the one-order chain of the brief
(date 1 → + area → + edge → + reach → + date-2 demand) are reported beside them.

Per cell. A is a sum over cells, A(X) = Σ_c a_c(X) with a_c = s_c when cell c has a unit with demand
in reach, and F(X) = Σ_c F_c(X) with F_c the flow attributed from cell c; Shapley values are linear
in the game, so φ_k(A) = Σ_c φ_k(a_c). :attr:`FlowDecomposition.cell_terms` gives every channel per
union cell (area, edge, reach, demand = φ_k(a_c); saturation = ΔF_c − Δa_c), and the cells' terms add
up to the channel totals (and, per cell, to ΔF_c) exactly: a zone's share of each channel is the sum
over its cells (:mod:`.zones`).

Intervals (``draws`` > 0): draw t takes one set of accumulation rates r_t (the parameter table's
distributions, :meth:`core.parameters.ParameterTable.sample`) and, with ``edge_factor_range``, one
edge factor f_t ~ U(low, high), and uses them **at both dates** (within a draw the dates differ only
by their maps and demand, never by two independent draws of one rate); the 16 runs and the split are repeated per draw on the
same pairs. Every draw's terms add up to its own ΔF_t exactly (kept in
:attr:`FlowDecomposition.samples`); each term gets its mean and the ``interval`` quantiles. With
``draws`` = 0 there are no intervals (the table has no interval columns).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from itertools import combinations
from typing import Optional

import numpy as np

from ..classes import ClassScheme
from ..errors import InputError
from ..feedback import FeedbackLike, Steps, as_steps
from ..landcover import LandCover
from ..parameters import ParameterTable
from .allocation import Pairs, allocate
from .cellsupply import CellSources, rate_of_class, straight_line_cell_pairs
from .demand import DemandUnits
from .engine import CELLS, LEAST_COST, FlowOptions, FlowResult, assess_flow
from .leastcost import CostSurface, least_cost_pairs
from .resistance import load_resistance

FACTORS: tuple[str, ...] = ("area", "edge", "reach", "demand")
CHANNELS: tuple[str, ...] = ("area", "edge", "reach", "saturation", "demand")


@dataclass
class DateInputs:
    """One date on the union of cells: base supply, edge multiplier, pairs in reach and demand."""

    base: np.ndarray  # rate × area per union cell (t C/yr), 0 where the cell does not sequester
    multiplier: np.ndarray  # edge multiplier per union cell (1 outside the edge band or where not sequestering)
    pairs: Pairs  # (union cell, unit, distance)
    demand: np.ndarray  # per unit, t C/yr


@dataclass
class FlowDecomposition:
    """Channels of the change in attributed flow between two dates (t C/yr), with their parts."""

    terms: dict[str, float]  # area, edge, reach, saturation, demand: sum = change
    change_tC_yr: float
    attributed_tC_yr_1: float
    attributed_tC_yr_2: float
    accessible_tC_yr_1: float
    accessible_tC_yr_2: float
    shapley_attributed: dict[str, float]  # φ_k(F) per factor
    shapley_accessible: dict[str, float]  # φ_k(A) per factor
    sequential: dict[str, float]  # ΔF of each step of the chain area → edge → reach → demand
    runs: dict[tuple[str, ...], tuple[float, float]]  # factors at date 2 → (F, A)
    intervals: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # term → (mean, lo, hi)
    samples: Optional[np.ndarray] = field(default=None, repr=False)  # draws × (CHANNELS..., change), t C/yr
    cell_terms: dict[str, np.ndarray] = field(default_factory=dict, repr=False)  # channel → per union cell, t C/yr
    cell_flat: Optional[np.ndarray] = field(default=None, repr=False)  # union cells as row × width + col


def _value(d1: DateInputs, d2: DateInputs, at2: frozenset, options: FlowOptions) -> tuple[np.ndarray, np.ndarray]:
    """Per union cell: flow attributed from it F_c and accessible supply a_c (t C/yr), for factors ``at2`` at date 2."""
    base = (d2 if "area" in at2 else d1).base
    mult = (d2 if "edge" in at2 else d1).multiplier
    pairs = (d2 if "reach" in at2 else d1).pairs
    demand = (d2 if "demand" in at2 else d1).demand
    supply = base * mult
    alloc = allocate(supply, demand, pairs, options.decay, options.max_distance_m, options.allocation,
                     options.tolerance, options.max_iterations)
    keep = (pairs.distance <= options.max_distance_m) & (demand[pairs.unit] > 0)
    reach = np.zeros(supply.size, bool)
    reach[pairs.patch[keep]] = True
    return np.asarray(alloc.sent, dtype=np.float64), np.where(reach, supply, 0.0)


def _shapley(values: dict) -> dict:
    """Shapley value of each factor; ``values`` maps a set of factors at date 2 to a number or an array (per cell)."""
    n = len(FACTORS)
    out = {}
    for k in FACTORS:
        others = [f for f in FACTORS if f != k]
        total = 0.0
        for size in range(n):
            w = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            for sub in combinations(others, size):
                x = frozenset(sub)
                total += w * (values[x | {k}] - values[x])
        out[k] = total
    return out


def _weight(size: int, has_k: bool) -> float:
    """Coefficient of v(X) in φ_k: +|X∖k|!(n−|X∖k|−1)!/n! when k ∈ X, −|X|!(n−|X|−1)!/n! otherwise."""
    n = len(FACTORS)
    s = size - 1 if has_k else size
    w = math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n)
    return w if has_k else -w


def decompose(d1: DateInputs, d2: DateInputs, options: FlowOptions, per_cell: bool = True) -> FlowDecomposition:
    """The five channels from the 16 counterfactual runs (array level: both dates on one union of cells).

    ``per_cell`` also gives each channel per union cell (:attr:`FlowDecomposition.cell_terms`), accumulated
    run by run (φ_k = Σ_X c_k(X) v(X)), so memory stays a few arrays of the union, not 16.
    """
    if d1.base.size != d2.base.size or d1.demand.size != d2.demand.size:
        raise InputError("The two dates must be given on one union of cells and one set of demand units.",
                         "Build both DateInputs from the same cells and units.")
    subsets = [frozenset(c) for size in range(len(FACTORS) + 1) for c in combinations(FACTORS, size)]
    empty, full = frozenset(), frozenset(FACTORS)
    runs: dict[frozenset, tuple[float, float]] = {}
    phi_cells = {k: np.zeros(d1.base.size) for k in FACTORS} if per_cell else {}
    ends = {}
    for x in subsets:
        f, a = _value(d1, d2, x, options)
        runs[x] = (float(f.sum()), float(a.sum()))
        for k in phi_cells:
            phi_cells[k] += _weight(len(x), k in x) * a
        if per_cell and x in (empty, full):
            ends[x] = (f, a)
    f_vals = {x: v[0] for x, v in runs.items()}
    a_vals = {x: v[1] for x, v in runs.items()}
    phi_f, phi_a = _shapley(f_vals), _shapley(a_vals)
    change = f_vals[full] - f_vals[empty]
    terms = {k: phi_a[k] for k in ("area", "edge", "reach")}
    terms["saturation"] = change - (a_vals[full] - a_vals[empty])
    terms["demand"] = phi_a["demand"]
    chain, seq, prev = set(), {}, f_vals[empty]
    for k in FACTORS:
        chain.add(k)
        seq[k] = f_vals[frozenset(chain)] - prev
        prev = f_vals[frozenset(chain)]
    cell_terms: dict[str, np.ndarray] = {}
    if per_cell:
        cell_terms = {k: phi_cells[k] for k in ("area", "edge", "reach")}
        cell_terms["saturation"] = (ends[full][0] - ends[empty][0]) - (ends[full][1] - ends[empty][1])
        cell_terms["demand"] = phi_cells["demand"]
        cell_terms = {k: cell_terms[k] for k in CHANNELS}
    return FlowDecomposition(
        {k: terms[k] for k in CHANNELS}, change, f_vals[empty], f_vals[full], a_vals[empty], a_vals[full], phi_f,
        phi_a, seq, {tuple(sorted(x)): v for x, v in runs.items()}, cell_terms=cell_terms,
    )


# -- from two land-cover maps ---------------------------------------------------------------------------


def decompose_flow_change(
    lc1: LandCover,
    scheme1: ClassScheme,
    lc2: LandCover,
    scheme2: ClassScheme,
    parameters: ParameterTable,
    demand1: DemandUnits,
    demand2: DemandUnits,
    options: FlowOptions,
    draws: int = 0,
    seed: int = 0,
    interval: float = 0.9,
    feedback: Optional["FeedbackLike | Steps"] = None,
    edge_factor_range: Optional[tuple[float, float]] = None,
) -> FlowDecomposition:
    """Split the change in attributed flow between two maps (same grid, same units) into five channels.

    ``draws`` > 0 repeats the split with Monte Carlo draws of the rates and, with ``edge_factor_range``
    (low, high in [0, 1]), of the edge factor, one draw for both dates, and adds (mean, low, high) of
    every term at ``interval`` (t C/yr).
    """
    steps = as_steps(feedback)
    if not lc1.grid.same_as(lc2.grid):
        raise InputError("The two land-cover rasters do not share one grid.", "Resample the second date onto the first.")
    if not np.array_equal(demand1.unit_id, demand2.unit_id):
        raise InputError("The two dates have different demand units.",
                         "Give the same units (ids) at both dates, each with its date's demand.")
    opts = dataclasses.replace(options, source=CELLS)
    r1 = assess_flow(lc1, scheme1, parameters, demand1, opts, steps.sub(0.0, 0.3))
    r1.close()
    r2 = assess_flow(lc2, scheme2, parameters, demand2, opts, steps.sub(0.3, 0.6))
    r2.close()
    c1, c2 = r1.model.cells, r2.model.cells
    union = np.union1d(c1.flat, c2.flat)
    width = lc1.grid.width
    rows, cols = union // width, union % width
    pos1, pos2 = np.searchsorted(union, c1.flat), np.searchsorted(union, c2.flat)
    pairs1 = _union_pairs(lc1, scheme1, rows, cols, union, r1, opts)
    pairs2 = pairs1 if opts.distance_mode != LEAST_COST else _union_pairs(lc2, scheme2, rows, cols, union, r2, opts)
    steps.progress(0.8)

    def inputs(rates1, rates2, factor1, factor2):
        out = []
        for cells, pos, rates, factor, pairs, demand in ((c1, pos1, rates1, factor1, pairs1, demand1),
                                                         (c2, pos2, rates2, factor2, pairs2, demand2)):
            base = np.zeros(union.size)
            mult = np.ones(union.size)
            base[pos] = rates[cells.cls] * cells.area_ha
            mult[pos] = np.where(cells.edge, factor, 1.0)
            out.append(DateInputs(base, mult, pairs, demand.demand_tC_yr))
        return out

    factor = opts.sink.edge_factor if opts.sink.edge_effect else 1.0
    d1, d2 = inputs(rate_of_class(scheme1, parameters), rate_of_class(scheme2, parameters), factor, factor)
    result = decompose(d1, d2, opts)
    result.cell_flat = union
    if draws > 0:
        if not (0 < interval < 1):
            raise InputError(f"The interval must lie in (0, 1), not {interval}.", "Give e.g. 0.9 for a 90 % interval.")
        rng = np.random.default_rng(seed)
        sample = parameters.sample(draws, rng)
        factors = np.full(draws, factor)
        if edge_factor_range is not None and opts.sink.edge_effect:
            lo, hi = edge_factor_range
            if not (0.0 <= lo <= hi <= 1.0):
                raise InputError(f"The edge factor's range must lie in [0, 1], not {lo}–{hi}.",
                                 "Give 0 ≤ low ≤ high ≤ 1.")
            factors = rng.uniform(lo, hi, draws)
        terms = np.empty((draws, len(CHANNELS) + 1))
        for t in range(draws):
            values = {k: v[t] for k, v in sample.items()}
            e1, e2 = inputs(rate_of_class(scheme1, parameters, values), rate_of_class(scheme2, parameters, values),
                            factors[t], factors[t])
            dec = decompose(e1, e2, opts, per_cell=False)
            terms[t] = [dec.terms[k] for k in CHANNELS] + [dec.change_tC_yr]
        q = ((1 - interval) / 2, 1 - (1 - interval) / 2)
        for k, name in enumerate((*CHANNELS, "change")):
            lo, hi = np.quantile(terms[:, k], q)
            result.intervals[name] = (float(terms[:, k].mean()), float(lo), float(hi))
        result.samples = terms
    steps.progress(1.0)
    return result


def _union_pairs(lc: LandCover, scheme: ClassScheme, rows, cols, union, result: FlowResult, options: FlowOptions) -> Pairs:
    """Pairs (union cell, unit, distance) on this date's map: straight line, or least cost over its resistances."""
    demand = result.demand
    grid, geom = lc.grid, lc.geometry
    col_f, row_f = ~grid.transform * (demand.x, demand.y)
    col_f, row_f = np.asarray(col_f, dtype=np.float64), np.asarray(row_f, dtype=np.float64)
    u_row, u_col = np.floor(row_f).astype(np.int64), np.floor(col_f).astype(np.int64)
    if options.distance_mode != LEAST_COST:
        n = union.size
        cells = CellSources(rows, cols, np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, bool), np.zeros(n),
                            np.zeros(n), grid.width)
        return straight_line_cell_pairs(cells, col_f * geom.dx_m, row_f * geom.dy_m, u_row, u_col, geom.dx_m,
                                        geom.dy_m, options.max_distance_m, as_steps(None))
    resistance = options.resistance or load_resistance()
    values, res = resistance.value_lut(scheme)
    passable = np.concatenate([res[np.isfinite(res)], [resistance.nodata] if math.isfinite(resistance.nodata) else []])
    lookup = np.full((grid.height, grid.width), -1, dtype=np.int64)
    lookup[rows, cols] = np.arange(union.size)

    def resistance_window(r0, r1, c0, c1):
        raw = lc.read_window(r0, r1, c0, c1)
        pos = np.minimum(np.searchsorted(values, raw), values.size - 1)
        hit = (values[pos] == raw) & lc.valid(raw)
        return np.where(hit, res[pos], resistance.nodata)

    surface = CostSurface(grid.height, grid.width, geom.dx_m, geom.dy_m, resistance_window,
                          lambda r0, r1, c0, c1: lookup[r0:r1, c0:c1], float(passable.min()))
    flat_pairs, _ = least_cost_pairs(surface, u_row, u_col, options.max_distance_m, as_steps(None), per_cell=True)
    pos = np.searchsorted(union, flat_pairs.patch)
    return Pairs(pos.astype(np.int64), flat_pairs.unit, flat_pairs.distance)

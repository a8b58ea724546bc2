"""Sensitivity of the attributed flow, the share of demand met and the ΔF channels to the model's choices.

Factors (each a range; a multiplier's range is sampled on a log₂ scale, so ×0.5 and ×2 are
symmetric):

- ``decay``: multiplier of the decay distance λ (power law: of 1/β), default ×0.5–×2;
- ``max_distance``: multiplier of d_max, default ×0.5–×2;
- ``resistance:<ecosystem>``: multiplier of one ecosystem's resistance (least cost only), ×0.5–×2;
- ``edge_factor``: the edge band's relative rate, default the sink's value ± 0.2 within [0, 1]
  (only with an edge effect: a band depth and a factor < 1).

Every factor x_k is moved over its whole range as a unit coordinate u_k ∈ [0, 1]:
x_k = 2^(log₂ a + u_k (log₂ b − log₂ a)) for a multiplier on [a, b], x_k = a + u_k (b − a) otherwise.

Outputs (``OUTPUTS``): the attributed total F (t C/yr) and the share of demand met
Σ_j min(R_j, D_j) / Σ_j D_j of the first date; with a second date also the five channels of the
change in attributed flow (``core.flow.attribution``: area, edge, reach, saturation, demand, t C/yr)
and the change itself (``CHANGE_OUTPUTS``).

**Morris** (1991), with Campolongo et al. (2007)'s μ*: r trajectories on a p-level grid (p = 4,
Δ = p / (2 (p − 1)) = 2/3); in each, the factors move one at a time by ±Δ (up when u_k + Δ ≤ 1) in a
random order, and the elementary effect of factor k is

    EE_k = (y(u + Δ e_k) − y(u)) / Δ      (units of the output per whole range of the factor)

μ* = mean |EE_k| ranks influence, μ = mean EE_k gives the direction, σ = sd EE_k (ddof 1) flags
interactions or non-linearity. r (k + 1) model runs. Implemented here; SALib's ``morris.analyze``
computes the same μ* and σ from the same sample matrix (the tests compare them).

**Sobol'** (Sobol' 2001), with the estimators of Saltelli et al. (2010), through SALib (imported only
when asked): a Saltelli sample of base size N (a power of two) built from a scrambled Sobol' sequence,
N (k + 2) runs. With V = Var(y),

    S1_k = V[E(y | x_k)] / V ≈ mean(f(B) (f(A_B^k) − f(A))) / V
    ST_k = E[V(y | x_~k)] / V ≈ mean((f(A) − f(A_B^k))²) / (2 V)

S1 is the share of the variance that x_k explains alone; ST adds all its interactions; ST − S1
measures interactions, Σ S1 ≤ 1 (up to sampling error) and ST ≥ S1. Confidence intervals: bootstrap
over the N rows (``resamples``) at ``conf_level``, reported as the half-width (±). An output that does
not vary over the runs (e.g. the reach channel with straight-line distances) gets 0 for every index.

Runs: straight line: the pairs are found once at the largest d_max and every run is one allocation on
them (the allocation drops pairs beyond the run's d_max). Least cost with resistance factors: every
run repeats the least-cost search. Two dates: every run is the two-date decomposition (two single-date
assessments and 16 counterfactual allocations), some 15–20 times a single date's run (2–3 s against
0.15 s on the sample); it is asked for by giving a second date. More than ``MAX_RUNS`` runs are refused.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

import numpy as np

from ..checks import check_same_grid
from ..classes import ClassScheme
from ..errors import InputError
from ..feedback import FeedbackLike, Steps, as_steps
from ..io import OutputBatch, write_csv
from ..landcover import LandCover
from ..parameters import ParameterTable
from .allocation import share_of_demand_met
from .attribution import CHANNELS, decompose_flow_change
from .cellsupply import rate_of_class
from .demand import DemandUnits
from .engine import LEAST_COST, FlowOptions, assess_flow
from .resistance import load_resistance

OUTPUTS: tuple[str, ...] = ("attributed_tC_yr", "share_of_demand_met")
"""The outputs of every run (first date): attributed total (t C/yr), share of demand met (0..1)."""
CHANGE_OUTPUTS: tuple[str, ...] = tuple(f"change_{c}_tC_yr" for c in CHANNELS) + ("change_tC_yr",)
"""The outputs added with a second date: the ΔF channels and ΔF (t C/yr)."""
MORRIS = "morris"
SOBOL = "sobol"
METHODS: tuple[str, ...] = (MORRIS, SOBOL)
LEVELS = 4
"""Morris grid levels p."""
MAX_RUNS = 5000
"""The most model runs one analysis may ask for."""
TABLE_COLUMNS: tuple[str, ...] = ("factor", "output", "method", "low", "high", "mu_star", "mu", "sigma", "S1",
                                  "S1_conf", "ST", "ST_conf", "runs")
"""The sensitivity table's columns (Morris leaves S1…ST_conf empty, Sobol' leaves mu_star…sigma empty)."""
SALIB_FIX = ("Install SALib into the Python that QGIS uses: 'python -m pip install SALib' (on Windows in the "
             "OSGeo4W Shell), or with the QPIP plugin (the plugin's requirements.txt names SALib as optional); "
             "or choose the Morris method, which needs no extra library.")


@dataclass(frozen=True)
class Factor:
    """One screened factor: its name, range and whether the range is a multiplier (log₂ scale)."""

    name: str
    low: float
    high: float
    multiplier: bool = True

    def value(self, x: float) -> float:
        """The factor's value at the unit coordinate x ∈ [0, 1]."""
        if self.multiplier:
            return 2.0 ** (math.log2(self.low) + x * (math.log2(self.high) - math.log2(self.low)))
        return self.low + x * (self.high - self.low)


@dataclass(frozen=True)
class SecondDate:
    """The second date of a two-date analysis: its map, classes and demand (same units as the first)."""

    lc: LandCover
    scheme: ClassScheme
    demand: DemandUnits


Model = Callable[[dict[str, float]], dict[str, float]]


# -- run counts ----------------------------------------------------------------------------------------

def run_count(method: str, factors: int, samples: int) -> int:
    """Model runs of an analysis: Morris r (k + 1), Sobol' N (k + 2) (first-order and total indices)."""
    if method == MORRIS:
        return samples * (factors + 1)
    if method == SOBOL:
        return samples * (factors + 2)
    raise InputError(f"Unknown sensitivity method '{method}'.", f"Use one of {', '.join(METHODS)}.")


def check_run_count(method: str, factors: int, samples: int, limit: int = MAX_RUNS) -> int:
    """The number of runs, or an InputError when it is not possible or larger than ``limit``."""
    if method == MORRIS and samples < 2:
        raise InputError(f"Morris screening needs at least 2 trajectories, not {samples}.",
                         "Give e.g. 10 trajectories.")
    if method == SOBOL and (samples < 2 or samples & (samples - 1)):
        lower = 2 ** max(1, int(math.log2(max(samples, 2))))
        raise InputError(f"The Sobol' base sample N must be a power of two (≥ 2), not {samples}.",
                         f"Give N = {lower} or {2 * lower}.")
    runs = run_count(method, factors, samples)
    if runs > limit:
        per_run = factors + (1 if method == MORRIS else 2)
        raise InputError(
            f"The {method} analysis of {factors} factor(s) with {samples} "
            f"{'trajectories' if method == MORRIS else 'as base sample N'} would take {runs} model runs, more than "
            f"{limit}.",
            f"Give at most {limit // per_run} {'trajectories' if method == MORRIS else 'as N'} or fewer factors.")
    return runs


# -- Morris ----------------------------------------------------------------------------------------

def morris_sample(factors: int, trajectories: int, levels: int = LEVELS, seed: int = 0) -> np.ndarray:
    """r trajectories of k + 1 points in unit coordinates, shape (r (k + 1), k), rows of one trajectory together.

    A trajectory starts at a random grid point u ∈ {0, 1/(p−1), …, 1}^k and moves each factor once, in a
    random order, by +Δ when u_k + Δ ≤ 1, else by −Δ.
    """
    if trajectories < 2 or levels < 2 or levels % 2:
        raise InputError("Morris screening needs at least 2 trajectories and an even number of levels ≥ 2.",
                         "Give e.g. 10 trajectories and 4 levels.")
    rng = np.random.default_rng(seed)
    delta = levels / (2.0 * (levels - 1))
    grid = np.arange(levels) / (levels - 1)
    start = rng.choice(grid, size=(trajectories, factors))
    step = np.where(start + delta <= 1.0 + 1e-12, delta, -delta)
    position = np.argsort(rng.random((trajectories, factors)), axis=1).argsort(axis=1)  # when each factor moves
    moved = position[:, None, :] < np.arange(factors + 1)[None, :, None]
    x = np.clip(start[:, None, :] + step[:, None, :] * moved, 0.0, 1.0)
    return x.reshape(trajectories * (factors + 1), factors)


def elementary_effects(x: np.ndarray, y: np.ndarray, trajectories: int) -> np.ndarray:
    """EE per (trajectory, factor, output) from a trajectory sample ``x`` and its outputs ``y`` (runs × outputs).

    Each step of a trajectory must move exactly one factor, and every factor once; EE = Δy / Δu.
    """
    y = np.asarray(y, dtype=float).reshape(x.shape[0], -1)
    k = x.shape[1]
    xs = x.reshape(trajectories, k + 1, k)
    ys = y.reshape(trajectories, k + 1, -1)
    dx = np.diff(xs, axis=1)  # (r, step, factor)
    moves = np.abs(dx) > 1e-12
    which = moves.argmax(axis=2)  # the factor each step moves
    if not (np.all(moves.sum(axis=2) == 1) and np.all(np.sort(which, axis=1) == np.arange(k))):
        raise ValueError("Not a Morris trajectory sample: every step must move one factor, every factor once.")
    du = np.take_along_axis(dx, which[..., None], axis=2)[..., 0]
    effects = np.empty((trajectories, k, ys.shape[2]))
    effects[np.arange(trajectories)[:, None], which] = np.diff(ys, axis=1) / du[..., None]
    return effects


def morris(model: Model, factors: Sequence[Factor], outputs: Sequence[str], trajectories: int = 10,
           levels: int = LEVELS, seed: int = 0, feedback: Optional["FeedbackLike | Steps"] = None) -> dict[str, np.ndarray]:
    """Elementary effects of ``model`` (factor values → outputs): a table with one row per (factor, output)."""
    x = morris_sample(len(factors), trajectories, levels, seed)
    y = evaluate(model, factors, x, outputs, feedback)
    ee = elementary_effects(x, y, trajectories)
    k, n = len(factors), len(outputs)
    values = {
        "mu_star": np.abs(ee).mean(axis=0).ravel(),
        "mu": ee.mean(axis=0).ravel(),
        "sigma": ee.std(axis=0, ddof=1).ravel(),
        **{c: np.full(k * n, np.nan) for c in ("S1", "S1_conf", "ST", "ST_conf")},
    }
    return _table(MORRIS, factors, outputs, x.shape[0], values)


# -- Sobol' (SALib) --------------------------------------------------------------------------------

def salib_sobol() -> tuple[Any, Any]:
    """SALib's Sobol' sampler and analyser (``SALib.sample.sobol``, ``SALib.analyze.sobol``), imported now."""
    try:
        from SALib.analyze import sobol as analyze  # noqa: N813 - SALib's own module names
        from SALib.sample import sobol as sample
    except ImportError as err:
        raise InputError("Sobol' indices need the Python library SALib, which is not installed.", SALIB_FIX) from err
    return sample, analyze


def sobol(model: Model, factors: Sequence[Factor], outputs: Sequence[str], samples: int = 64, seed: int = 0,
          resamples: int = 100, conf_level: float = 0.95,
          feedback: Optional["FeedbackLike | Steps"] = None) -> dict[str, np.ndarray]:
    """First-order and total Sobol' indices (with bootstrap half-widths) of ``model``, one row per (factor, output)."""
    sample, analyze = salib_sobol()
    check_run_count(SOBOL, len(factors), samples, limit=10 ** 9)
    problem = {"num_vars": len(factors), "names": [f.name for f in factors], "bounds": [[0.0, 1.0]] * len(factors)}
    x = sample.sample(problem, samples, calc_second_order=False, scramble=True, seed=seed)
    y = evaluate(model, factors, x, outputs, feedback)
    k = len(factors)
    cols = {c: np.zeros((k, len(outputs))) for c in ("S1", "S1_conf", "ST", "ST_conf")}
    analysis_seed = int(np.random.default_rng(seed).integers(1, 2 ** 31 - 1))  # SALib ignores a seed of 0
    for o in range(len(outputs)):
        if _constant(y[:, o]):
            continue  # no factor moves this output: every index 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            si = analyze.analyze(problem, y[:, o], calc_second_order=False, num_resamples=resamples,
                                 conf_level=conf_level, seed=analysis_seed)
        for c in cols:
            cols[c][:, o] = np.asarray(si[c], dtype=float)
    values = {c: v.ravel() for c, v in cols.items()}
    return _table(SOBOL, factors, outputs, x.shape[0],
                  {**values, **{c: np.full(k * len(outputs), np.nan) for c in ("mu_star", "mu", "sigma")}})


# -- shared --------------------------------------------------------------------------------------------

def evaluate(model: Model, factors: Sequence[Factor], x: np.ndarray, outputs: Sequence[str],
             feedback: Optional["FeedbackLike | Steps"] = None) -> np.ndarray:
    """The outputs (runs × outputs) of ``model`` at every row of the unit sample ``x``; progress after each run."""
    steps = as_steps(feedback)
    y = np.empty((x.shape[0], len(outputs)))
    for i, row in enumerate(x):
        values = model({f.name: f.value(float(u)) for f, u in zip(factors, row)})
        y[i] = [values[o] for o in outputs]
        steps.progress((i + 1) / x.shape[0])
    if not np.all(np.isfinite(y)):
        bad = [o for o, ok in zip(outputs, np.isfinite(y).all(axis=0)) if not ok]
        raise InputError(f"The model gave no finite value of {', '.join(bad)} for some factor values.",
                         "Narrow the factor ranges (a multiplier's low end > 0).")
    return y


def _constant(y: np.ndarray) -> bool:
    """True when y does not vary beyond rounding (relative 1e-9 of its magnitude)."""
    return bool(np.ptp(y) <= 1e-9 * max(float(np.max(np.abs(y))), 1e-12))


def _table(method: str, factors: Sequence[Factor], outputs: Sequence[str], runs: int,
           values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Rows factor-major (every output of the first factor, then the next), the columns of TABLE_COLUMNS."""
    k, n = len(factors), len(outputs)
    table = {
        "factor": np.array([f.name for f in factors for _ in outputs], dtype=object),
        "output": np.array([o for _ in factors for o in outputs], dtype=object),
        "method": np.array([method] * (k * n), dtype=object),
        "low": np.repeat([f.low for f in factors], n).astype(float),
        "high": np.repeat([f.high for f in factors], n).astype(float),
        **{c: np.asarray(values[c], dtype=float) for c in ("mu_star", "mu", "sigma", "S1", "S1_conf", "ST", "ST_conf")},
        "runs": np.full(k * n, runs, dtype=np.int64),
    }
    return {c: table[c] for c in TABLE_COLUMNS}


def write_sensitivity_table(path: str, table: dict[str, np.ndarray], batch: Optional[OutputBatch] = None) -> None:
    """The table as CSV (TABLE_COLUMNS; the other method's columns empty), atomically or staged in ``batch``."""
    write_csv(path, table, index=list(TABLE_COLUMNS), batch=batch)


# -- the flow model ----------------------------------------------------------------------------------

def default_factors(options: FlowOptions, scheme: Optional[ClassScheme] = None, low: float = 0.5,
                    high: float = 2.0, edge_spread: float = 0.2) -> list[Factor]:
    """Decay and d_max ×low–×high, each finite resistance ×low–×high (least cost), edge factor ± edge_spread
    within [0, 1] (with an edge effect)."""
    if not (0.0 < low < high and math.isfinite(high)):
        raise InputError(f"The multipliers' range ×{low}–×{high} is not a range of positive factors.",
                         "Give 0 < low < high, e.g. ×0.5–×2.")
    if not (0.0 < edge_spread <= 1.0):
        raise InputError(f"The edge factor's spread must lie in (0, 1], not {edge_spread}.", "Give e.g. 0.2.")
    factors = [Factor("decay", low, high), Factor("max_distance", low, high)]
    if options.distance_mode == LEAST_COST:
        table = options.resistance or load_resistance()
        present = set(scheme.ecosystems) if scheme is not None else set(table.by_ecosystem)
        for eco, r in sorted(table.by_ecosystem.items()):
            if math.isfinite(r) and eco in present:
                factors.append(Factor(f"resistance:{eco}", low, high))
    if options.sink.edge_effect:
        f = options.sink.edge_factor
        factors.append(Factor("edge_factor", max(0.0, f - edge_spread), min(1.0, f + edge_spread), multiplier=False))
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
    method: str = MORRIS,
    samples: Optional[int] = None,
    second: Optional[SecondDate] = None,
    feedback: Optional["FeedbackLike | Steps"] = None,
    max_runs: int = MAX_RUNS,
) -> dict[str, np.ndarray]:
    """Morris (μ*, μ, σ) or Sobol' (S1, ST with ± half-widths) table of the attributed total, the share of demand
    met and, with ``second``, the ΔF channels (t C/yr); one row per (factor, output), columns TABLE_COLUMNS.

    ``samples`` is the number of trajectories (Morris; default ``trajectories``) or the base sample N (Sobol';
    default 64).
    """
    steps = as_steps(feedback)
    factors = list(factors) if factors is not None else default_factors(options, scheme)
    names = {f.name for f in factors}
    unknown = [n for n in names if n not in ("decay", "max_distance", "edge_factor") and not n.startswith("resistance:")]
    if unknown:
        raise InputError(f"Unknown sensitivity factor(s): {', '.join(unknown)}.",
                         "Use decay, max_distance, edge_factor or resistance:<ecosystem>.")
    n = samples if samples is not None else (trajectories if method == MORRIS else 64)
    check_run_count(method, len(factors), n, max_runs)
    if method == SOBOL:
        salib_sobol()  # before any run: an InputError naming the fix when SALib is missing
    if second is not None:
        check_same_grid(lc.grid, second.lc.grid, second_path=str(second.lc.path),
                        why="The channels of the change compare the two maps cell by cell.")
    if second is not None and not np.array_equal(second.demand.unit_id, demand.unit_id):
        raise InputError("The two dates have different demand units.",
                         "Give the same units (ids) at both dates, each with its date's demand.")
    d_top = options.max_distance_m * max((f.high for f in factors if f.name == "max_distance"), default=1.0)
    needs_search = any(n.startswith("resistance:") for n in names) and options.distance_mode == LEAST_COST
    base = assess_flow(lc, scheme, parameters, demand, dataclasses.replace(options, max_distance_m=d_top),
                       steps.sub(0.0, 0.05))
    base.close()
    rates = rate_of_class(scheme, parameters)
    d = demand.demand_tC_yr
    outputs = OUTPUTS + (CHANGE_OUTPUTS if second is not None else ())

    def model(values: dict[str, float]) -> dict[str, float]:
        decay = options.decay.scaled(values.get("decay", 1.0))
        d_max = options.max_distance_m * values.get("max_distance", 1.0)
        run_options = dataclasses.replace(options, decay=decay, max_distance_m=d_max)
        if "edge_factor" in values:
            run_options = dataclasses.replace(
                run_options, sink=dataclasses.replace(options.sink, edge_factor=values["edge_factor"]))
        m = base.model
        if needs_search:
            table = options.resistance or load_resistance()
            by_eco = {e: r * values.get(f"resistance:{e}", 1.0) for e, r in table.by_ecosystem.items()}
            run_options = dataclasses.replace(run_options, resistance=dataclasses.replace(table, by_ecosystem=by_eco))
            res = assess_flow(lc, scheme, parameters, demand, run_options)
            res.close()
            m = res.model
        supply = m.supply
        if "edge_factor" in values and m.cells is not None:
            supply = m.cells.supply_with(rates, values["edge_factor"])
        a = m.allocate(run_options, supply=supply)
        out = {"attributed_tC_yr": float(a.flow.sum()), "share_of_demand_met": share_of_demand_met(a.received, d)}
        if second is not None:
            dec = decompose_flow_change(lc, scheme, second.lc, second.scheme, parameters, demand, second.demand,
                                        run_options)
            out.update({f"change_{c}_tC_yr": dec.terms[c] for c in CHANNELS})
            out["change_tC_yr"] = dec.change_tC_yr
        return out

    runs = steps.sub(0.05, 1.0)
    if method == MORRIS:
        return morris(model, factors, outputs, n, seed=seed, feedback=runs)
    return sobol(model, factors, outputs, n, seed=seed, feedback=runs)

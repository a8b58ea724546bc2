"""Monte Carlo draws of the supply (rates, edge factor) and optionally of demand, carried through the allocation.

Each draw t gives every source a supply from the drawn accumulation rates r_t(e) (Σ of an
ecosystem's rate rows, as :meth:`core.parameters.ParameterTable.sample` draws them) and edge factor
f_t:

    s_c,t = r_t(ecosystem of c) × area_c × (f_t if c lies in the edge band else 1)

(from cells; from patches: r_t × (core area + f_t × edge area)), and optionally demands
D_j,t (given draws, or a log-normal factor exp(σ Z − σ²/2) with mean 1). The pairs in reach do not
change, so each draw is one allocation on the same pairs (looped, at most ``MAX_DRAWS``). Every
figure gets its central value (the run with the central rates), the mean of the draws and the
``interval`` quantiles, as ``<name>``, ``<name>_mean``, ``<name>_lo``, ``<name>_hi``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from ..classes import ClassScheme
from ..errors import InputError
from ..parameters import ParameterTable
from .allocation import esdr, share_of_demand_met
from .cellsupply import rate_of_class
from .engine import FlowResult

MAX_DRAWS = 2000


@dataclass
class FlowUncertainty:
    """Central values, means and intervals of the unit and network figures over the draws."""

    units: dict[str, np.ndarray]  # one row per unit
    network: dict[str, float]
    samples: dict[str, np.ndarray]  # per draw (first axis): supply, attributed, share met; received per unit
    interval: float
    draws: int


def check_edge_factor_range(edge_factor_range: tuple[float, float]) -> tuple[float, float]:
    """The edge factor's range (low, high) of the draws, checked: 0 ≤ low ≤ high ≤ 1 (relative rates)."""
    lo, hi = (float(v) for v in edge_factor_range)
    if not (0.0 <= lo <= hi <= 1.0):
        raise InputError(f"The edge factor's range must lie in [0, 1], not {lo:g}–{hi:g}.", "Give 0 ≤ low ≤ high ≤ 1.")
    return lo, hi


def supply_draws(result: FlowResult, scheme: ClassScheme, parameters: ParameterTable, draws: int, rng,
                 edge_factor_range: Optional[tuple[float, float]] = None) -> np.ndarray:
    """Source supplies (draws × sources, t C/yr) from the parameter table's distributions and the edge factor's range."""
    model = result.model
    sample = parameters.sample(draws, rng)
    base_factor = result.options.sink.edge_factor if result.options.sink.edge_effect else 1.0
    if edge_factor_range is not None:
        lo, hi = check_edge_factor_range(edge_factor_range)
        factors = rng.uniform(lo, hi, draws)
    else:
        factors = np.full(draws, base_factor)
    out = np.empty((draws, model.supply.size))
    for t in range(draws):
        rates = rate_of_class(scheme, parameters, {k: v[t] for k, v in sample.items()})
        if model.cells is not None:
            out[t] = model.cells.supply_with(rates, factors[t] if result.options.sink.edge_effect else 1.0)
        else:
            out[t] = _patch_supply(result, scheme, rates, factors[t])
    return out


def _patch_supply(result: FlowResult, scheme: ClassScheme, rates: np.ndarray, edge_factor: float) -> np.ndarray:
    p = result.patches
    keep = np.asarray(p["supply_tC_yr"]) > 0
    area = np.asarray(p["area_ha"])[keep]
    edge = np.asarray(p["edge_area_ha"])[keep] if result.options.sink.edge_effect else 0.0 * area
    index = {c: i for i, c in enumerate(scheme.codes, start=1)}
    cls = np.array([index[int(c)] for c in np.asarray(p["class"])[keep]])
    return rates[cls] * (area - edge + edge_factor * edge)


def flow_uncertainty(
    result: FlowResult,
    scheme: ClassScheme,
    parameters: ParameterTable,
    draws: int = 200,
    seed: int = 0,
    edge_factor_range: Optional[tuple[float, float]] = None,
    demand_draws: Optional[np.ndarray] = None,
    demand_log_sd: float = 0.0,
    interval: float = 0.9,
) -> FlowUncertainty:
    """Intervals on received, attributed, share met and ESDR from Monte Carlo draws (same pairs as ``result``)."""
    if not (1 <= draws <= MAX_DRAWS):
        raise InputError(f"The number of Monte Carlo draws must lie in 1..{MAX_DRAWS}, not {draws}.",
                         "Give e.g. 200 draws.")
    if not (0 < interval < 1):
        raise InputError(f"The interval must lie in (0, 1), not {interval}.", "Give e.g. 0.9 for a 90 % interval.")
    model = result.model
    rng = np.random.default_rng(seed)
    supplies = supply_draws(result, scheme, parameters, draws, rng, edge_factor_range)
    n_u = model.demand.size
    if demand_draws is not None:
        demands = np.asarray(demand_draws, dtype=np.float64)
        if demands.shape != (draws, n_u) or (demands < 0).any() or not np.isfinite(demands).all():
            raise InputError(f"Demand draws must be a ({draws}, {n_u}) array of finite values ≥ 0.",
                             "Give one row of unit demands (t C/yr) per draw.")
    elif demand_log_sd > 0:
        z = rng.standard_normal((draws, n_u))
        demands = model.demand[None, :] * np.exp(demand_log_sd * z - demand_log_sd**2 / 2)
    else:
        demands = np.broadcast_to(model.demand, (draws, n_u))
    received = np.empty((draws, n_u))
    esdrs = np.empty((draws, n_u))
    attributed = np.empty(draws)
    met = np.empty(draws)
    for t in range(draws):
        a = model.allocate(result.options, supply=supplies[t], demand=np.array(demands[t]))
        received[t] = a.received
        attributed[t] = a.flow.sum()
        met[t] = share_of_demand_met(a.received, demands[t])
        esdrs[t] = esdr(a.received, demands[t])
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(demands > 0, np.minimum(received, demands) / demands, np.nan)
    q = ((1 - interval) / 2, 1 - (1 - interval) / 2)
    units: dict[str, np.ndarray] = {"unit_id": result.demand.unit_id}
    for name, central, sample in (
        ("received_tC_yr", result.units["received_tC_yr"], received),
        ("share_met", result.units["share_met"], share),
        ("esdr", result.units["esdr"], esdrs),
    ):
        units[name] = np.asarray(central, dtype=np.float64)
        units[f"{name}_mean"] = np.nanmean(sample, axis=0)
        units[f"{name}_lo"], units[f"{name}_hi"] = np.nanquantile(sample, q, axis=0)
    network: dict[str, float] = {"draws": float(draws), "interval": interval}
    supply_total = supplies.sum(axis=1)
    for name, central, sample in (
        ("supply_tC_yr", result.network["supply_tC_yr"], supply_total),
        ("attributed_tC_yr", result.network["attributed_tC_yr"], attributed),
        ("share_of_demand_met", result.network["share_of_demand_met"], met),
        ("essr", result.network["essr"], attributed / supply_total),
    ):
        network[name] = float(central)
        network[f"{name}_mean"] = float(np.mean(sample))
        network[f"{name}_lo"], network[f"{name}_hi"] = (float(v) for v in np.quantile(sample, q))
    samples = {"supply_tC_yr": supply_total, "attributed_tC_yr": attributed, "share_of_demand_met": met,
               "received_tC_yr": received}
    return FlowUncertainty(units, network, samples, interval, draws)


def add_intervals(result: FlowResult, uncertainty: FlowUncertainty) -> None:
    """Put the interval ends beside the central columns of ``result``'s unit and network tables.

    Units: ``received_tC_yr_lo`` / ``_hi``, ``share_met_lo`` / ``_hi``, ``esdr_lo`` / ``_hi`` after the
    unit table's columns; network: ``<name>_lo`` / ``_hi`` of supply, attributed, share of demand met and
    ESSR, with ``uncertainty_draws`` and ``uncertainty_interval``.
    """
    for name in ("received_tC_yr", "share_met", "esdr"):
        for end in ("lo", "hi"):
            result.units[f"{name}_{end}"] = uncertainty.units[f"{name}_{end}"]
    result.network["uncertainty_draws"] = uncertainty.draws
    result.network["uncertainty_interval"] = uncertainty.interval
    for name in ("supply_tC_yr", "attributed_tC_yr", "share_of_demand_met", "essr"):
        for end in ("lo", "hi"):
            result.network[f"{name}_{end}"] = uncertainty.network[f"{name}_{end}"]

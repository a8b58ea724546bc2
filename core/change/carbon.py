"""Carbon pools and the carbon parameters of each class, central values and Monte Carlo draws.

Pools: biomass (aboveground + belowground), soil and litter, in t C/ha; accumulation rates in
t C/ha/yr; half-lives (yr) and disturbance fractions (0–1, at low, med and high impact) of the
emitting pools (biomass and soil; litter is never emitted). Values come from a
:class:`core.parameters.ParameterTable` by ecosystem.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from ..errors import InputError
from .transitions import LEVELS

if TYPE_CHECKING:  # pragma: no cover
    from ..parameters import ParameterTable

POOLS: tuple[str, ...] = ("biomass", "soil", "litter")
EMITTING_POOLS: tuple[str, ...] = ("biomass", "soil")


@dataclass
class ClassCarbon:
    """Carbon parameters per class index (row 0 = outside, then the scheme's classes) and per draw.

    Column 0 holds the central values, columns 1.. the Monte Carlo draws. Parameters a table does
    not give are 0 for stocks and rates and NaN for half-lives and disturbance fractions (needed
    only where a disturbance meets carbon, then reported).
    """

    ecosystems: list[str]
    stock: dict[str, np.ndarray]  # pool → (n+1, D) t C/ha
    rate: dict[str, np.ndarray]  # pool → (n+1, D) t C/ha/yr
    half_life: dict[str, np.ndarray]  # biomass, soil → (n+1, D) yr
    disturbance: dict[str, np.ndarray]  # biomass, soil → (n+1, 3, D) fraction at low, med, high

    @property
    def n_draws(self) -> int:
        """Number of columns: 1 (central) + Monte Carlo draws."""
        return self.stock["soil"].shape[1]


_STOCK_PARAMETERS = {
    "biomass": ("aboveground_biomass_stock", "belowground_biomass_stock"),
    "soil": ("soil_stock",),
    "litter": ("litter_stock",),
}
_RATE_PARAMETERS = {"biomass": "biomass_accumulation", "soil": "soil_accumulation", "litter": "litter_accumulation"}


def class_carbon(ecosystems: Sequence[str], parameters: "ParameterTable", draws: int = 0, seed: int = 1) -> ClassCarbon:
    """Parameters of each class (``ecosystems[i]`` is class i + 1) from a ParameterTable, with draws."""
    eco_list = sorted(set(ecosystems))
    names = [p for pool in POOLS for p in _STOCK_PARAMETERS[pool]] + list(_RATE_PARAMETERS.values())
    names += [f"{p}_half_life" for p in EMITTING_POOLS]
    names += [f"{p}_disturbance_{lv}" for p in EMITTING_POOLS for lv in LEVELS]
    keys = [(e, p) for e in eco_list for p in names if parameters.has(e, p)]
    central = {k: float(parameters.value(*k)) for k in keys}
    _check_ranges(central)
    sample = parameters.sample(draws, np.random.default_rng(seed), keys=keys) if draws else {}
    n_cols = 1 + draws

    def column(e: str, p: str, missing: float) -> np.ndarray:
        if (e, p) not in central:
            return np.full(n_cols, missing)
        out = np.empty(n_cols)
        out[0] = central[(e, p)]
        if draws:
            out[1:] = sample.get((e, p), central[(e, p)])
        return out

    def per_class(p: str, missing: float) -> np.ndarray:
        rows = [np.full(n_cols, missing)] + [column(e, p, missing) for e in ecosystems]
        return np.vstack(rows)

    stock = {pool: sum(per_class(p, 0.0) for p in _STOCK_PARAMETERS[pool]) for pool in POOLS}
    rate = {pool: per_class(_RATE_PARAMETERS[pool], 0.0) for pool in POOLS}
    half = {pool: per_class(f"{pool}_half_life", np.nan) for pool in EMITTING_POOLS}
    dist = {
        pool: np.stack([per_class(f"{pool}_disturbance_{lv}", np.nan) for lv in LEVELS], axis=1)
        for pool in EMITTING_POOLS
    }
    return ClassCarbon(list(ecosystems), stock, rate, half, dist)


def _check_ranges(central: Mapping[tuple[str, str], float]) -> None:
    """InputError for values the bookkeeping cannot use (negative stock or rate, bad half-life or fraction)."""
    for (e, p), v in central.items():
        if not math.isfinite(v):
            problem = f"{p} of {e} is not a finite number ({v})"
        elif p.endswith("_half_life") and v <= 0:
            problem = f"the half-life {p} of {e} is {v:g} yr; a half-life must be greater than 0"
        elif "_disturbance_" in p and not 0 <= v <= 1:
            problem = f"the disturbance fraction {p} of {e} is {v:g}; fractions lie between 0 and 1"
        elif (p.endswith("_stock") or p.endswith("_accumulation")) and v < 0:
            problem = f"{p} of {e} is negative ({v:g})"
        else:
            continue
        raise InputError(
            f"The parameter table cannot be used: {problem}.",
            "Correct the value in your parameter table (accumulation rates and stocks are ≥ 0; a loss of carbon "
            "is modelled by a disturbance transition, not by a negative rate).",
        )


def require_parameter(bad: np.ndarray, rows: np.ndarray, j: int, parameter: str, carbon: ClassCarbon, source, describe) -> None:
    """InputError when a parameter the bookkeeping needs is missing from the table."""
    if not bad.any():
        return
    h = rows[np.flatnonzero(bad.any(axis=1))[0]]
    ecosystem = carbon.ecosystems[int(source[h]) - 1]
    where = describe(h, j) if describe else f"snapshot {j + 1}"
    raise InputError(
        f"The parameter table has no {parameter} for {ecosystem}, but carbon of that ecosystem is disturbed "
        f"({where}).",
        f"Add a {parameter} row for {ecosystem} to your parameter table, merge a preset that has one "
        "(e.g. invest_cbc_defaults), or make that transition NCC in the transition table.",
    )

"""Carbon pools and the carbon parameters of each class, central values and Monte Carlo draws.

Pools: biomass (aboveground + belowground), soil and litter, in t C/ha; accumulation rates in
t C/ha/yr; half-lives (yr) and disturbance fractions (0–1, at low, med and high impact) of the
emitting pools (biomass and soil; litter is never emitted). Values come from a
:class:`core.parameters.ParameterTable`, by class value (a ``class`` row) or else by ecosystem. A half-life
of 0 means what it means in InVEST: that pool is not emitted (the disturbed carbon stays in the stock).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Optional, Sequence

import numpy as np

from ..errors import InputError
from ..legend import BLUE_CARBON_ECOSYSTEMS
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
    rate_restored: Optional[dict[str, np.ndarray]] = None  # pool → (n+1, D) t C/ha/yr of restored cells
    blue: Optional[np.ndarray] = None  # (n+1,) True for blue-carbon classes

    def rates_for(self, pool: str, classes: np.ndarray, restored: np.ndarray) -> np.ndarray:
        """Accumulation rates (H, D) of ``classes``, the restored rate where ``restored`` (H,) is True."""
        if self.rate_restored is None:
            return self.rate[pool][classes]
        return np.where(restored[:, None], self.rate_restored[pool][classes], self.rate[pool][classes])

    @property
    def n_draws(self) -> int:
        """Number of columns: 1 (central) + Monte Carlo draws."""
        return self.stock["soil"].shape[1]


_STOCK_PARAMETERS = {
    "biomass": ("aboveground_biomass_stock", "belowground_biomass_stock", "biomass_stock"),
    "soil": ("soil_stock",),
    "litter": ("litter_stock",),
}
_RATE_PARAMETERS = {"biomass": "biomass_accumulation", "soil": "soil_accumulation", "litter": "litter_accumulation"}


def _lookup(parameters, parameter: str, code, ecosystem: str, status: str = "intact"):
    """(key, value) of the row a class takes for ``parameter`` (class row before ecosystem row; the InVEST
    model has no cell status, so the ``remaining``/``any`` row), or None. Tables without ``find`` are read
    by ecosystem through ``has``/``value``."""
    find = getattr(parameters, "find", None)
    if find is None:
        return ((ecosystem, parameter), float(parameters.value(ecosystem, parameter))) \
            if parameters.has(ecosystem, parameter) else None
    number = code if isinstance(code, (int, np.integer)) else None
    row = find(parameter, number, ecosystem, status)
    return None if row is None else (row.key, float(row.value))


def class_carbon(ecosystems: Sequence[str], parameters: "ParameterTable", draws: int = 0, seed: int = 1,
                 codes: Optional[Sequence] = None) -> ClassCarbon:
    """Parameters of each class (``ecosystems[i]`` and raster value ``codes[i]`` are class i + 1) with draws.

    A row keyed by the class value comes before the row of its ecosystem.
    """
    codes = list(codes) if codes is not None else [None] * len(ecosystems)
    names = [p for pool in POOLS for p in _STOCK_PARAMETERS[pool]] + list(_RATE_PARAMETERS.values())
    names += [f"{p}_half_life" for p in EMITTING_POOLS]
    names += [f"{p}_disturbance_{lv}" for p in EMITTING_POOLS for lv in LEVELS]
    found = {(i, p): _lookup(parameters, p, codes[i], ecosystems[i]) for i in range(len(ecosystems)) for p in names}
    for i in range(len(ecosystems)):  # restored cells (entered blue carbon from another class): their own rates
        for p in _RATE_PARAMETERS.values():
            found[(i, f"restored {p}")] = _lookup(parameters, p, codes[i], ecosystems[i], "restored")
    central = {hit[0]: hit[1] for hit in found.values() if hit is not None}
    _check_ranges({(_subject(k[0]), k[1]): v for k, v in central.items()})
    sample = parameters.sample(draws, np.random.default_rng(seed), keys=list(central)) if draws else {}
    n_cols = 1 + draws

    def column(i: int, p: str, missing: float) -> np.ndarray:
        hit = found[(i, p)]
        if hit is None:
            return np.full(n_cols, missing)
        key, value = hit
        out = np.empty(n_cols)
        out[0] = value
        if draws:
            out[1:] = sample.get(key, value)
        return out

    def per_class(p: str, missing: float) -> np.ndarray:
        rows = [np.full(n_cols, missing)] + [column(i, p, missing) for i in range(len(ecosystems))]
        return np.vstack(rows)

    stock = {pool: sum(per_class(p, 0.0) for p in _STOCK_PARAMETERS[pool]) for pool in POOLS}
    rate = {pool: per_class(_RATE_PARAMETERS[pool], 0.0) for pool in POOLS}
    half = {pool: per_class(f"{pool}_half_life", np.nan) for pool in EMITTING_POOLS}
    dist = {
        pool: np.stack([per_class(f"{pool}_disturbance_{lv}", np.nan) for lv in LEVELS], axis=1)
        for pool in EMITTING_POOLS
    }
    restored = {pool: per_class(f"restored {_RATE_PARAMETERS[pool]}", 0.0) for pool in POOLS}
    blue = np.array([False] + [e in BLUE_CARBON_ECOSYSTEMS for e in ecosystems])
    return ClassCarbon(list(ecosystems), stock, rate, half, dist, restored, blue)


def _subject(subject) -> str:
    return f"class {subject}" if isinstance(subject, (int, np.integer)) else str(subject)


def _check_ranges(central: Mapping[tuple[str, str], float]) -> None:
    """InputError for values the bookkeeping cannot use (negative stock or rate, bad half-life or fraction)."""
    for (e, p), v in central.items():
        if not math.isfinite(v):
            problem = f"{p} of {e} is not a finite number ({v})"
        elif p.endswith("_half_life") and v < 0:
            problem = f"the half-life {p} of {e} is {v:g} yr; a half-life cannot be negative (0: no emission)"
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

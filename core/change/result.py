"""What a change analysis is asked and what it gives: :class:`ChangeOptions` and :class:`ChangeResult`.

The result holds the tables (:mod:`.tables`), the per-history values of the bookkeeping and the
warnings; :meth:`ChangeResult.raster_bands` gives each output raster's per-hectare values by history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..classes import ClassScheme
from ..errors import InputError
from ..legend import Legend
from ..valuation import Valuation
from .bookkeeping import Bookkeeping
from .carbon import POOLS
from .histories import Histories
from .transitions import TransitionTable


@dataclass(frozen=True)
class ChangeOptions:
    """Analysis year, Monte Carlo and strip settings of the change model."""

    analysis_year: Optional[int] = None  # None: the last snapshot year (as InVEST)
    draws: int = 0  # Monte Carlo draws of the parameters; 0 = central values only
    seed: int = 1
    interval: float = 0.90
    rows_per_strip: Optional[int] = None

    def __post_init__(self) -> None:
        if self.draws < 0:
            raise InputError(f"The number of Monte Carlo draws cannot be negative ({self.draws}).", "Give 0 or more.")
        if not 0.0 < self.interval < 1.0:
            raise InputError(f"The interval must lie between 0 and 1, not {self.interval}.", "Give e.g. 0.9 for 90 %.")


@dataclass
class ChangeResult:
    """Tables, per-history values and warnings of a change analysis."""

    years: list[int]
    analysis_year: int
    scheme: ClassScheme
    legend: Legend
    transitions: TransitionTable
    histories: Histories
    actions: np.ndarray  # (H, m − 1)
    book: Bookkeeping
    periods: dict[str, np.ndarray]  # one row per period, then a total row
    stocks: dict[str, np.ndarray]  # one row per year
    transition_areas: dict[str, np.ndarray]  # one row per (snapshot pair, source class)
    valuation: Optional[Valuation]
    options: ChangeOptions
    warnings: list[str] = field(default_factory=list)

    @property
    def period_names(self) -> list[str]:
        """'2020-2035', … one per period."""
        b = self.book.boundaries
        return [f"{b[j]}-{b[j + 1]}" for j in range(len(b) - 1)]

    def total(self, column: str) -> float:
        """The total row's value of a period-table column."""
        return float(self.periods[column][-1])

    def raster_bands(self, kind: str) -> tuple[np.ndarray, list[str]]:
        """Per-history band values (H, bands) in t C/ha and the band names of an output raster.

        ``kind``: net_sequestration, accumulation or emissions (one band per period, then the
        total) or gain_loss (the stock change from the baseline to the analysis year).
        """
        book = self.book
        names = self.period_names
        span = f"{book.boundaries[0]}-{book.boundaries[-1]}"
        if kind == "gain_loss":
            change = sum(book.stock_at[p][:, -1] - book.stock_at[p][:, 0] for p in POOLS)
            return change[:, None], [f"stock change {span} (t C/ha; gain > 0, loss < 0)"]
        if kind == "net_sequestration":
            values, label = book.net(), "net sequestration"
        elif kind == "accumulation":
            values, label = sum(book.accumulation.values()), "accumulation"
        elif kind == "emissions":
            values, label = sum(book.emissions.values()), "emissions"
        else:
            raise ValueError(f"unknown raster kind {kind!r}")
        values = np.column_stack([values, values.sum(axis=1)])
        return values, [f"{label} {n} (t C/ha)" for n in names] + [f"{label} {span} total (t C/ha)"]

    def raster_range(self, kind: str) -> tuple[float, float]:
        """Minimum and maximum of the last band of an output raster over the mapped histories."""
        values, _ = self.raster_bands(kind)
        last = values[:, -1]
        return float(last.min()), float(last.max())

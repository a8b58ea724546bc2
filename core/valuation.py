"""Value of net carbon sequestration: a price path per t CO₂e, a discount rate, the net present value.

Conventions (InVEST Coastal Blue Carbon user's guide, "Valuation of Net Sequestered Carbon"):

    V = Σ_{t=1..T} p_t · (S_t − S_{t−1}) / (1 + d)^t

- ``t`` counts years since the baseline year ``b``; ``S_t`` is the total stock at the very beginning
  of year ``b + t``, so ``S_t − S_{t−1}`` is the net sequestration during calendar year ``b + t − 1``
  (in t CO₂e = t C × 44/12);
- ``p_t`` is the price per t CO₂e in year ``b + t``: ``p · (1 + g)^t`` for a base-year price ``p``
  growing at ``g`` a year (InVEST's "price" and "inflation rate"), or the price a table gives for
  that year;
- ``d`` is the yearly discount rate; ``d = 0`` means no discounting.

For a constant price and the same net sequestration N every year this is the annuity
``V = p · N · (1 − (1 + d)^−T) / d``.

Rates are fractions here (0.03 for 3 %); the Processing algorithm takes percentages, as InVEST does.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Union

import numpy as np

from .csvtable import read_commented_csv, read_table_file
from .errors import InputError, require_finite

DEFAULT_CURRENCY = "USD"
"""Currency of prices and values when none is given (CURRENCY): the unit of most published carbon prices.
Values are never converted; the code only labels them (CSV ``currency`` column, report units)."""
MAX_CURRENCY_LENGTH = 12


def currency_code(text: Optional[str]) -> str:
    """A currency label as given (e.g. 'USD', 'EUR', 'CNY', '€'), stripped; the default when empty.

    Raises :class:`InputError` for a label that would break a CSV cell or a heading: longer than
    12 characters, or with a comma, quote, semicolon or line break.
    """
    code = (text or "").strip() or DEFAULT_CURRENCY
    if len(code) > MAX_CURRENCY_LENGTH or any(c in code for c in ',;"\'\n\r\t'):
        raise InputError(
            f"The currency '{code}' is not a short label.",
            "Give a currency code of at most 12 characters without commas, quotes or line breaks (e.g. USD, EUR, CNY).",
        )
    return code


@dataclass(frozen=True)
class Valuation:
    """A price path per t CO₂e and a discount rate."""

    price: float = 0.0
    """Price per t CO₂e in the baseline year (any currency), used when there is no price table."""
    price_growth: float = 0.0
    """Yearly growth of the price (fraction, 0.02 = 2 %/yr)."""
    discount_rate: float = 0.0
    """Yearly discount rate (fraction, 0.03 = 3 %/yr)."""
    price_table: Optional[Mapping[int, float]] = None
    """Price per t CO₂e by calendar year; replaces ``price`` and ``price_growth`` when given."""

    def __post_init__(self) -> None:
        if not math.isfinite(self.price) or self.price < 0:
            raise InputError(
                f"The carbon price must be a number ≥ 0, not {self.price}.",
                "Give the price per t CO₂e in the baseline year (0 for no valuation).",
            )
        if not math.isfinite(self.price_growth) or self.price_growth <= -1:
            raise InputError(
                f"The yearly price growth must be above −100 %, not {self.price_growth * 100:g} %.",
                "Give the growth in percent per year (e.g. 2), 0 for a constant price.",
            )
        if not math.isfinite(self.discount_rate) or self.discount_rate <= -1:
            raise InputError(
                f"The discount rate must be above −100 %, not {self.discount_rate * 100:g} %.",
                "Give the discount rate in percent per year (e.g. 3), 0 for no discounting.",
            )
        if self.price_table is not None:
            for year, price in self.price_table.items():
                if not math.isfinite(price) or price < 0:
                    raise InputError(
                        f"The price table gives {price} for {year}; prices must be numbers ≥ 0.",
                        "Correct that year's price in the table.",
                    )

    def prices(self, baseline_year: int, years: "np.ndarray | list[int]") -> np.ndarray:
        """Price per t CO₂e in each calendar year of ``years``."""
        years = np.asarray(years, dtype=np.int64)
        if self.price_table is None:
            return self.price * (1.0 + self.price_growth) ** (years - baseline_year).astype(float)
        missing = [int(y) for y in years if int(y) not in self.price_table]
        if missing:
            raise InputError(
                f"The price table has no price for {_years_text(missing)}.",
                f"Give a price for every year from {int(years.min())} to {int(years.max())} "
                "(the year after the baseline to the analysis year).",
            )
        return np.array([float(self.price_table[int(y)]) for y in years])

    def year_weights(self, baseline_year: int, n_years: int) -> np.ndarray:
        """w_t = p_t / (1 + d)^t for t = 1..n_years: the value of 1 t CO₂e sequestered in year b + t − 1."""
        t = np.arange(1, n_years + 1, dtype=np.int64)
        with np.errstate(over="ignore", invalid="ignore"):
            prices = self.prices(baseline_year, baseline_year + t)
            weights = prices / (1.0 + self.discount_rate) ** t.astype(float)
        require_finite(weights, f"The discounted price of years {baseline_year + 1}–{baseline_year + n_years}",
                       "the price, its yearly growth or the discount rate is too large or too small",
                       "Give the price per t CO₂e in the baseline year (e.g. 50), the growth and the discount rate "
                       "in percent per year (e.g. 2 and 3).")
        return weights


def net_present_value(net_tco2e: np.ndarray, baseline_year: int, valuation: Valuation) -> np.ndarray:
    """NPV of yearly net sequestration; ``net_tco2e[..., i]`` is the t CO₂e sequestered in year b + i."""
    net = np.asarray(net_tco2e, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        value = net @ valuation.year_weights(baseline_year, net.shape[-1])
    require_finite(value, "The net present value", "the price path times the net sequestration overflowed",
                   "Check the carbon price (per t CO₂e, e.g. 50) and its yearly growth (percent, e.g. 2).")
    return value


def annuity_npv(price: float, net_tco2e_per_year: float, years: int, discount_rate: float,
                price_growth: float = 0.0) -> float:
    """Closed form of the NPV of a constant yearly sequestration: p·N·Σ_{t=1..T} ((1+g)/(1+d))^t."""
    q = (1.0 + price_growth) / (1.0 + discount_rate)
    factor = years if q == 1.0 else q * (1.0 - q**years) / (1.0 - q)
    return price * net_tco2e_per_year * factor


def read_price_table(path: Union[str, os.PathLike]) -> dict[int, float]:
    """Read a price table CSV (``year,price``: price per t CO₂e by calendar year)."""
    path = Path(path)
    return parse_price_table(read_table_file(path, "price table"), path.name)


def parse_price_table(text: str, name: str = "price table") -> dict[int, float]:
    """Parse ``year,price`` CSV text; errors name the line (as an editor counts it) and the column."""
    _meta, rows = read_commented_csv(text, "price table", name)
    if not rows:
        raise InputError(f"The price table '{name}' is empty.", "Give a header year,price and one row per year.")
    header = [h.strip().lower() for h in rows[0][1]]
    if "year" not in header or "price" not in header:
        raise InputError(
            f"Line {rows[0][0]} of price table '{name}': the header must have the columns year and price "
            f"(it has {','.join(header)}).",
            "Use the header year,price (price per t CO₂e).",
        )
    iy, ip = header.index("year"), header.index("price")
    prices: dict[int, float] = {}
    for line_no, cells in rows[1:]:
        cells = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        try:
            year = int(cells[iy])
        except ValueError:
            raise InputError(
                f"Line {line_no} of price table '{name}', column 'year': '{cells[iy]}' is not a year.",
                "Write the calendar year as a whole number (e.g. 2030).",
            ) from None
        try:
            price = float(cells[ip])
        except ValueError:
            raise InputError(
                f"Line {line_no} of price table '{name}', column 'price': '{cells[ip]}' is not a number.",
                "Write the price per t CO₂e as a plain number without currency sign.",
            ) from None
        if not math.isfinite(price) or price < 0:
            raise InputError(
                f"Line {line_no} of price table '{name}', column 'price': {cells[ip]} is not a price ≥ 0.",
                "Give a price of 0 or more.",
            )
        if year in prices:
            raise InputError(
                f"Line {line_no} of price table '{name}', column 'year': {year} is given twice.",
                "Give each year one row.",
            )
        prices[year] = price
    if not prices:
        raise InputError(f"The price table '{name}' has a header but no rows.", "Add one row per year.")
    return dict(sorted(prices.items()))


def _years_text(years: list[int]) -> str:
    """'2021' or '2021–2025' or '2021, 2023 and 2 more'."""
    if len(years) == 1:
        return f"year {years[0]}"
    if years == list(range(years[0], years[-1] + 1)):
        return f"the years {years[0]}–{years[-1]}"
    shown = ", ".join(map(str, years[:6]))
    return f"the years {shown}" + (f" and {len(years) - 6} more" if len(years) > 6 else "")

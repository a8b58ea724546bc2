"""Numbers as a reader wants them: grouped thousands, digits by magnitude, intervals, empty as a dash.

One rule per family of numbers, kept here so every table, card and map legend of the report agrees:

- amounts (t C, t CO₂e, ha, m, money): :func:`fmt_number`, digits by magnitude;
- landscape metrics: :func:`fmt_metric`, by metric family (counts, fractions 0–1, percentages, shape and
  diversity indices, amounts), so that DIVISION 0.9996 is never printed as "1";
- intervals: :func:`fmt_interval`, with more digits when the two ends would print alike, and "no uncertainty
  sourced" when they are equal (no parameter of the total has a range): never a range like "46,974 – 46,974";
- map legend breaks: :func:`fmt_break` / :func:`round_label`, three significant digits.
"""

from __future__ import annotations

import math
from typing import Optional

import re

from .i18n import _
from .tables import is_number, number

DASH = "–"
BREAK_DIGITS = 3  # significant digits of a map legend break

# landscape-metric families (FRAGSTATS column names of class_metrics.csv / landscape_metrics.csv)
COUNT_METRICS = frozenset({"NP", "PR", "patches", "n_patches", "links_e"})
FRACTION_METRICS = frozenset({"DIVISION", "SIDI", "SIEI", "SHEI", "MSIDI", "MSIEI"})  # 0..1
INDEX_METRICS = frozenset({"SHAPE_MN", "SHAPE_AM", "FRAC_MN", "FRAC_AM", "PARA_MN", "SHDI", "CONTIG_MN", "LSI"})
PERCENT_METRICS = frozenset({"COHESION", "CONTAG", "IJI"})  # 0..100 without the _pct suffix


def fmt_number(value: object, decimals: Optional[int] = None) -> str:
    """A number with thousands grouped; decimals by magnitude unless given; NaN/None/empty as a dash.

    By magnitude: ≥ 1000 no decimals, ≥ 100 one, ≥ 1 two, below 1 three significant digits.
    """
    if isinstance(value, str):
        return value
    if not is_number(value):
        return DASH
    v = number(value)
    if decimals is not None:
        return f"{v:,.{decimals}f}"
    if isinstance(value, int) or (float(v).is_integer() and abs(v) >= 1):
        return f"{v:,.0f}"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:,.1f}"
    if a >= 1:
        return f"{v:,.2f}"
    if a == 0:
        return "0"
    return f"{v:.3g}"


def fmt_significant(value: object, digits: int = 6) -> str:
    """A number with up to ``digits`` significant digits and no trailing zeros (e.g. a parameter as given)."""
    if not is_number(value):
        return DASH
    return f"{number(value):.{digits}g}"


def no_uncertainty_text() -> str:
    """What an interval whose ends are equal says (translated): no parameter of the total has a range."""
    return _("no uncertainty sourced")


def degenerate(low: object, high: object) -> bool:
    """True when both ends are numbers and equal (to 1e-9 relative): an interval with no width."""
    if not (is_number(low) and is_number(high)):
        return False
    a, b = number(low), number(high)
    return abs(b - a) <= 1e-9 * max(1.0, abs(a), abs(b))


def fmt_grouped_significant(value: object, digits: int) -> str:
    """A number rounded to ``digits`` significant digits, thousands grouped, no exponent (e.g. 46,974.3)."""
    if not is_number(value):
        return DASH
    v = number(value)
    if v == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(v))))
    return f"{round(v, decimals):,.{decimals}f}"


def fmt_interval(low: object, high: object, decimals: Optional[int] = None) -> str:
    """``low – high`` of an interval; a dash when either end is missing; "no uncertainty sourced" when the ends
    are equal; more significant digits when the two ends would otherwise print alike."""
    if not (is_number(low) and is_number(high)):
        return DASH
    if degenerate(low, high):
        return no_uncertainty_text()
    a, b = fmt_number(low, decimals), fmt_number(high, decimals)
    digits = 4
    while a == b and digits <= 12:
        a, b = fmt_grouped_significant(low, digits), fmt_grouped_significant(high, digits)
        digits += 1
    return f"{a} – {b}"


def _decimals_near(v: float, bound: float, minimum: int) -> int:
    """Decimals that show ``v``'s distance from ``bound`` (0 or 1) with two significant digits, at least ``minimum``."""
    gap = abs(abs(v) - bound)
    if gap == 0 or gap >= 10 ** -minimum:
        return minimum
    return min(10, max(minimum, 1 - math.floor(math.log10(gap))))


def metric_family(key: str) -> str:
    """'count', 'fraction', 'percent', 'index' or 'amount' for a metric column (FRAGSTATS name with unit)."""
    if key in COUNT_METRICS:
        return "count"
    if key in FRACTION_METRICS:
        return "fraction"
    if key in PERCENT_METRICS or key.endswith("_pct"):
        return "percent"
    if key in INDEX_METRICS:
        return "index"
    return "amount"


def fmt_metric(key: str, value: object) -> str:
    """A landscape metric with the digits its family needs.

    counts: whole numbers; fractions 0–1 (DIVISION, SIDI, SHEI): 4 decimals, more near 0 or 1 so that 0.99996
    never shows as 1; percentages 0–100 (…_pct, COHESION, CONTAG): 2 decimals, more near 0 or 100; indices
    (SHAPE_MN, SHDI): 3 decimals; amounts (ha, m, per 100 ha): by magnitude (:func:`fmt_number`).
    """
    if not is_number(value):
        return DASH
    v = number(value)
    family = metric_family(key)
    if family == "count":
        return f"{v:,.0f}"
    if family == "fraction":
        return f"{v:,.{max(_decimals_near(v, 0.0, 4), _decimals_near(v, 1.0, 4))}f}"
    if family == "percent":
        return f"{v:,.{max(_decimals_near(v / 100, 0.0, 2) - 2, _decimals_near(v / 100, 1.0, 4) - 2, 2)}f}"
    if family == "index":
        return f"{v:,.3f}"
    return fmt_number(value)


def fmt_break(value: object, digits: int = BREAK_DIGITS) -> str:
    """A class break of a map legend with ``digits`` significant digits (0.308215 → 0.308, 13.0247 → 13)."""
    if not is_number(value):
        return DASH
    v = number(value)
    if v == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(v)))
    decimals = max(0, digits - 1 - magnitude)
    text = f"{round(v, decimals):,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def round_label(label: str, digits: int = BREAK_DIGITS) -> str:
    """A legend label with every number in it rounded to ``digits`` significant digits ('0 - 1.3802' → '0 – 1.38')."""
    text = _NUMBER.sub(lambda m: fmt_break(float(m.group(0)), digits), str(label))
    return re.sub(r"(?<=\d) - (?=-?\d)", " – ", text)


def fmt_share(value: object, decimals: int = 1) -> str:
    """A fraction 0..1 as a percentage."""
    if not is_number(value):
        return DASH
    return f"{number(value) * 100:.{decimals}f} %"


def value_attribute(value: object) -> str:
    """The full-precision text of a number for a ``data-value`` attribute ('' when not a number)."""
    if not is_number(value):
        return ""
    v = number(value)
    return str(int(v)) if isinstance(value, int) else repr(float(v))


def clean(value: object) -> object:
    """NaN and None as None, numbers as float or int, text as text (for JSON-like exports)."""
    if value is None or isinstance(value, str):
        return value
    v = number(value)
    return None if math.isnan(v) else value

"""Numbers as a reader wants them: grouped thousands, digits by magnitude, intervals, empty as a dash."""

from __future__ import annotations

import math
from typing import Optional

from .tables import is_number, number

DASH = "–"


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


def fmt_interval(low: object, high: object, decimals: Optional[int] = None) -> str:
    """``low – high`` of an interval, or a dash when either end is missing."""
    if not (is_number(low) and is_number(high)):
        return DASH
    return f"{fmt_number(low, decimals)} – {fmt_number(high, decimals)}"


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

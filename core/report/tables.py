"""Result tables as plain columns: read the engine's CSV outputs back, pick rows and columns."""

from __future__ import annotations

import csv
import math
import os
from typing import Iterable, Mapping, Optional, Sequence

Columns = dict[str, list]
"""A table as ``{column name: values}``, every list the same length (the engine's result layout)."""


def _cell(text: str) -> object:
    """A CSV cell as int, float (empty = NaN) or text."""
    text = text.strip()
    if text == "":
        return math.nan
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def read_csv_columns(path: "str | os.PathLike") -> Columns:
    """Read a CSV written by the engine (header row, then one row per record) into columns."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            return {}
        columns: Columns = {name: [] for name in header}
        for row in reader:
            if not any(cell.strip() for cell in row):
                break  # an empty row ends the table (the transition table keeps a legend below one)
            row = row + [""] * (len(header) - len(row))
            for name, text in zip(header, row):
                columns[name].append(_cell(text))
    return columns


def n_rows(table: Optional[Mapping[str, Sequence]]) -> int:
    """Number of rows of a column table (0 for None or empty)."""
    if not table:
        return 0
    return len(next(iter(table.values())))


def rows(table: Optional[Mapping[str, Sequence]]) -> list[dict]:
    """The table as a list of ``{column: value}`` records."""
    if not table:
        return []
    names = list(table)
    return [{name: table[name][i] for name in names} for i in range(n_rows(table))]


def row_where(table: Optional[Mapping[str, Sequence]], column: str, value: object) -> Optional[dict]:
    """The first record whose ``column`` equals ``value`` (compared as text), or None."""
    for record in rows(table):
        if str(record.get(column)) == str(value):
            return record
    return None


def rows_where(table: Optional[Mapping[str, Sequence]], column: str, values: Iterable[object]) -> list[dict]:
    """Records whose ``column`` is one of ``values`` (compared as text), in table order."""
    wanted = {str(v) for v in values}
    return [r for r in rows(table) if str(r.get(column)) in wanted]


def network_values(table: Optional[Mapping[str, Sequence]]) -> dict:
    """Indicator → value of the first date of a flow network table (one-date ``value`` or two-date ``date_1``)."""
    if not table or "indicator" not in table:
        return {}
    column = "value" if "value" in table else "date_1"
    return {str(r["indicator"]): r.get(column) for r in rows(table)}


def number(value: object) -> float:
    """A cell as float (NaN for empty, text or None)."""
    if value is None or isinstance(value, str):
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def is_number(value: object) -> bool:
    """True for a finite number (not NaN, not text)."""
    return not isinstance(value, (str, bytes)) and value is not None and math.isfinite(number(value))

"""Resistance tables: how much each land-cover class lengthens a least-cost service-flow path.

A resistance table is a UTF-8 CSV with optional ``# key: value`` comment lines (``title``,
``source``, ``note``), the header ``key,resistance[,note]`` and one row per key. A key is

- an ecosystem of the legend (``mangrove``, ``salt_marsh``, ``seagrass``, ``tidal_flat``,
  ``other_wetland``, ``open_water``, ``non_habitat``, or ``unclassified`` for maps read without a
  legend),
- or an integer raster value, which overrides its ecosystem's row,
- or ``nodata`` (cells outside the landscape; impassable when the table has no such row).

A resistance is a number > 0 (dimensionless: crossing a metre of a class of resistance r costs r
cost-metres, so 1 means "as easy as open ground", and decay distances and the maximum distance are
in cost-metres) or ``impassable`` (also ``inf``): a barrier no path crosses. The cost of a step
between the centres of two neighbouring cells (8 neighbours) is the step length (the cell side, or
the diagonal √(dx² + dy²)) × the mean of the two cells' resistances, the usual convention of
cost-distance tools.

The default table, ``resources/resistance/ecosystem_default.csv``, is this project's own ordinal
assumption (README beside it); edit a copy for your study.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

import numpy as np

from ..classes import ClassScheme
from ..csvtable import read_commented_csv, read_table_file
from ..errors import InputError
from ..legend import ECOSYSTEMS, UNCLASSIFIED
from ..resources import resource_path

NODATA_KEY = "nodata"
IMPASSABLE_WORDS = ("impassable", "inf", "infinity", "barrier")
DEFAULT_TABLE = "ecosystem_default"
FOLDER = "resistance"


@dataclass
class ResistanceTable:
    """Resistance per ecosystem and per raster value (∞ = impassable), with its provenance."""

    by_ecosystem: dict[str, float]
    by_value: dict[int, float]
    nodata: float = math.inf
    meta: dict[str, str] = field(default_factory=dict)
    path: Optional[str] = None

    @property
    def title(self) -> str:
        """The table's title (or its file name)."""
        return self.meta.get("title") or (os.path.basename(self.path) if self.path else "resistance table")

    def value_lut(self, scheme: ClassScheme) -> tuple[np.ndarray, np.ndarray]:
        """Sorted raster values of ``scheme`` and their resistances (raises if a value has none)."""
        values, resist = [], []
        missing: dict[str, list[int]] = {}
        for members, eco in zip(scheme.members, scheme.ecosystems):
            for v in members:
                if v in self.by_value:
                    r = self.by_value[v]
                elif eco in self.by_ecosystem:
                    r = self.by_ecosystem[eco]
                else:
                    missing.setdefault(eco, []).append(v)
                    continue
                values.append(v)
                resist.append(r)
        if missing:
            what = "; ".join(f"{eco} (raster values {', '.join(map(str, vs[:8]))})" for eco, vs in missing.items())
            raise InputError(
                f"The resistance table '{self.title}' gives no resistance for {what}.",
                "Add a row for each such ecosystem or raster value to a copy of the table "
                "(key,resistance; 'impassable' for a barrier).",
            )
        order = np.argsort(values)
        return np.asarray(values, dtype=np.int64)[order], np.asarray(resist, dtype=np.float64)[order]

    def lowest_passable(self, resistances: np.ndarray, crossing: str) -> float:
        """The lowest finite resistance among the map's classes and nodata; an InputError when every class is
        impassable (``crossing`` names what crosses the map in the fix, e.g. 'flows' or 'dispersal')."""
        finite = np.concatenate([resistances[np.isfinite(resistances)], [self.nodata] if math.isfinite(self.nodata) else []])
        if finite.size == 0:
            raise InputError(
                f"Every class of the map is impassable in the resistance table '{self.title}'.",
                f"Give the classes that {crossing} may cross a finite resistance (1 = open ground).",
            )
        return float(finite.min())

    def lookup(self, values: np.ndarray, resistances: np.ndarray, raw: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """Resistance of each raw raster value (``values``/``resistances`` from value_lut); nodata's where the value
        is not in the table or ``valid`` is False."""
        pos = np.minimum(np.searchsorted(values, raw), values.size - 1)
        hit = (values[pos] == raw) & valid
        return np.where(hit, resistances[pos], self.nodata)

    def to_rows(self) -> dict[str, list]:
        """The table as columns (key, resistance; 'impassable' for ∞), for reports."""
        keys = [*self.by_ecosystem, *map(str, self.by_value), NODATA_KEY]
        vals = [*self.by_ecosystem.values(), *self.by_value.values(), self.nodata]
        return {"key": keys, "resistance": ["impassable" if math.isinf(v) else v for v in vals]}


def preset_path(preset_id: str = DEFAULT_TABLE) -> Path:
    """Path of a shipped resistance table."""
    return resource_path(FOLDER, f"{preset_id}.csv")


def load_resistance(source: Union[str, os.PathLike, None] = None) -> ResistanceTable:
    """Load the default table (None), a shipped table by id, or a CSV by path."""
    text_source = os.fspath(source) if source else DEFAULT_TABLE
    path = Path(text_source)
    if not path.suffix and not path.exists():
        path = preset_path(text_source)
    table = parse_resistance(read_table_file(path, "resistance table"), str(path))
    table.path = str(path)
    return table


def parse_resistance(text: str, name: str = "resistance table") -> ResistanceTable:
    """Parse resistance CSV text; errors name the line (as an editor counts it) and the column."""
    meta, rows = read_commented_csv(text, "resistance table", name)
    header_line, header_cells = rows[0] if rows else (1, [])
    header = [h.strip().lower() for h in header_cells]
    if "key" not in header or "resistance" not in header:
        raise InputError(
            f"Line {header_line} of {name} must be the header 'key,resistance[,note]', not '{','.join(header)}'.",
            "Start the table with the header line key,resistance,note.",
        )
    k_col, r_col = header.index("key"), header.index("resistance")
    by_eco: dict[str, float] = {}
    by_value: dict[int, float] = {}
    nodata = math.inf
    for line_no, row in rows[1:]:
        key = row[k_col].strip().lower() if k_col < len(row) else ""
        raw = row[r_col].strip() if r_col < len(row) else ""
        value = _resistance(raw, name, line_no)
        if key == NODATA_KEY:
            nodata = value
        elif key.lstrip("-").isdigit():
            by_value[int(key)] = value
        elif key in ECOSYSTEMS or key == UNCLASSIFIED:
            by_eco[key] = value
        else:
            raise InputError(
                f"Line {line_no} of {name}, column 'key': '{key}' is neither an ecosystem nor a raster value.",
                f"Use one of {', '.join((*ECOSYSTEMS, UNCLASSIFIED, NODATA_KEY))}, or an integer raster value.",
            )
    if not by_eco and not by_value:
        raise InputError(f"{name} has no resistance row.", "Add one row per ecosystem (key,resistance).")
    return ResistanceTable(by_eco, by_value, nodata, meta)


def _resistance(raw: str, name: str, line_no: int) -> float:
    if raw.lower() in IMPASSABLE_WORDS:
        return math.inf
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (value > 0) or math.isnan(value):
        raise InputError(
            f"Line {line_no} of {name}, column 'resistance': '{raw}' is not a resistance > 0.",
            "Give a positive number (1 = open ground) or 'impassable'; a resistance of 0 would make distance free.",
        )
    return value

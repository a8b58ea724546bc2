"""Legends: tables that map raster values to ecosystems.

A legend CSV has optional ``# key: value`` comment lines (``title``, ``source``,
``licence``, ``note``), a header ``value,name,ecosystem[,color]`` and one row per
raster value. Presets for common products ship in ``resources/legends/``; a user
passes the path of their own CSV in the same format.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from .csvtable import read_commented_csv, read_table_file
from .errors import InputError
from .resources import resource_path

ECOSYSTEMS: tuple[str, ...] = (
    "mangrove",
    "salt_marsh",
    "seagrass",
    "tidal_flat",
    "other_wetland",
    "open_water",
    "non_habitat",
)
"""Ecosystem keys a legend may use; the first three are blue-carbon ecosystems."""

BLUE_CARBON_ECOSYSTEMS: tuple[str, ...] = ("mangrove", "salt_marsh", "seagrass")

NO_LEGEND = "raster_values"
"""Preset id meaning: every raster value is its own class, no ecosystem known."""

UNCLASSIFIED = "unclassified"
"""Ecosystem given to raster values when no legend is used."""


@dataclass(frozen=True)
class LegendEntry:
    """One raster value and what it stands for."""

    value: int
    name: str
    ecosystem: str
    color: Optional[str] = None


@dataclass
class Legend:
    """An ordered value → ecosystem table with its provenance."""

    entries: list[LegendEntry]
    title: str = ""
    source: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    path: Optional[str] = None

    def __post_init__(self) -> None:
        self._by_value = {e.value: e for e in self.entries}

    def __contains__(self, value: int) -> bool:
        return value in self._by_value

    def entry(self, value: int) -> LegendEntry:
        """The entry of ``value`` (KeyError when absent)."""
        return self._by_value[value]

    @property
    def values(self) -> list[int]:
        """Raster values the legend defines, in file order."""
        return [e.value for e in self.entries]

    def values_of(self, ecosystems: "set[str] | tuple[str, ...]") -> list[int]:
        """Raster values whose ecosystem is one of ``ecosystems``."""
        return [e.value for e in self.entries if e.ecosystem in ecosystems]

    @classmethod
    def from_values(cls, values: "list[int]") -> "Legend":
        """A legend in which each raster value is its own, unclassified class."""
        return cls([LegendEntry(v, str(v), UNCLASSIFIED) for v in values], title="Raster values (no legend)")


def preset_ids() -> list[str]:
    """Ids of the legend presets shipped with the plugin (file stems)."""
    folder = resource_path("legends")
    return sorted(p.stem for p in folder.glob("*.csv")) if folder.is_dir() else []


def preset_path(preset_id: str) -> Path:
    """Path of a shipped legend preset."""
    return resource_path("legends", f"{preset_id}.csv")


def load_legend(source: Union[str, os.PathLike]) -> Legend:
    """Load a preset by id (e.g. ``esa_worldcover``) or a legend CSV by path."""
    text_source = os.fspath(source)
    path = Path(text_source)
    if not path.suffix and not path.exists():
        if text_source not in preset_ids():
            raise InputError(
                f"There is no legend preset called '{text_source}'.",
                f"Use one of {', '.join(preset_ids())}, or the path of a legend CSV.",
            )
        path = preset_path(text_source)
    legend = parse_legend(read_table_file(path, "legend"), str(path))
    legend.path = str(path)
    return legend


def parse_legend(text: str, name: str = "legend") -> Legend:
    """Parse legend CSV text; errors name the line (as an editor counts it) and the column at fault."""
    meta, rows = read_commented_csv(text, "legend", name)
    if not rows:
        raise InputError(f"The legend '{name}' has no rows.", "Give a header value,name,ecosystem and one row per class.")
    header = [h.strip().lower() for h in rows[0][1]]
    missing = [c for c in ("value", "name", "ecosystem") if c not in header]
    if missing:
        raise InputError(
            f"The legend '{name}' lacks the column(s) {', '.join(missing)} (header: {','.join(header)}).",
            "Use the header value,name,ecosystem[,color].",
        )
    col = {c: header.index(c) for c in header}
    entries: list[LegendEntry] = []
    seen: dict[int, int] = {}
    for line_no, row in rows[1:]:
        cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
        raw = cells[col["value"]]
        try:
            value = int(raw)
        except ValueError:
            raise InputError(
                f"Line {line_no} of legend '{name}', column 'value': '{raw}' is not an integer.",
                "Write the raster value as a whole number.",
            ) from None
        if value in seen:
            raise InputError(
                f"Line {line_no} of legend '{name}', column 'value': {value} was already defined on line {seen[value]}.",
                "Give each raster value one row.",
            )
        ecosystem = cells[col["ecosystem"]].lower()
        if ecosystem not in ECOSYSTEMS:
            raise InputError(
                f"Line {line_no} of legend '{name}', column 'ecosystem': '{ecosystem}' is not a known ecosystem.",
                f"Use one of {', '.join(ECOSYSTEMS)}.",
            )
        color = cells[col["color"]] if "color" in col and cells[col["color"]] else None
        seen[value] = line_no
        entries.append(LegendEntry(value, cells[col["name"]] or str(value), ecosystem, color))
    return Legend(entries, title=meta.get("title", name), source=meta.get("source", ""), meta=meta)

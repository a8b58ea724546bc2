"""The transition table: the carbon action of each class change (InVEST's layout and vocabulary).

A transition a → b at a snapshot takes the action the table gives for (a, b): ``accum``,
``low/med/high-impact-disturb`` or ``NCC``; an empty cell is NCC. The default table follows
InVEST's preprocessor rules (:func:`default_action`). :func:`history_actions` gives the action of
every class history at every snapshot after the first and checks that the table covers them.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

import numpy as np

from ..classes import ClassScheme
from ..csvtable import read_table_file
from ..errors import InputError
from ..io import OutputBatch
from ..legend import BLUE_CARBON_ECOSYSTEMS, Legend

if TYPE_CHECKING:  # pragma: no cover
    from .histories import Histories

ACCUM, LOW, MED, HIGH, NCC = 0, 1, 2, 3, 4
BLANK = -1
"""An empty cell of the transition table: no carbon change (InVEST reads it as NCC)."""
MISSING = -2
"""A transition whose source or destination class has no row or column in the table."""
TRANSITION_TYPES: tuple[str, ...] = ("accum", "low-impact-disturb", "med-impact-disturb", "high-impact-disturb", "NCC")
_TYPE_OF_TEXT = {t.lower(): i for i, t in enumerate(TRANSITION_TYPES)}
_TYPE_OF_TEXT["medium-impact-disturb"] = MED  # the spelling of InVEST's docstring
LEVELS: tuple[str, ...] = ("low", "med", "high")
"""Suffixes of the disturbance parameters for LOW, MED, HIGH."""

DEFAULT_DISTURBANCE: dict[str, int] = {
    "non_habitat": HIGH,
    "open_water": HIGH,
    "tidal_flat": MED,
    "other_wetland": MED,
}
"""Impact of a blue-carbon → other transition in the default table, by destination ecosystem.

High for conversion to non-habitat (built-up, cropland, drained or excavated land) and to open
water (aquaculture ponds, dredged channels): the guide's examples of high-impact disturbance are
mangrove conversion to shrimp ponds and diking or draining marsh for agriculture. Medium for
dieback to bare tidal flat or change to another wetland: vegetation is lost but the sediment stays
waterlogged, so less soil carbon is exposed to oxygen.
"""


# -- transition table -------------------------------------------------------------------------


@dataclass
class TransitionTable:
    """The carbon action of each transition: source class (row) → destination class (column).

    Classes are raster values; ``cells`` maps (source, destination) to ACCUM, LOW, MED, HIGH or NCC,
    absent pairs are blank cells.
    """

    sources: list[int]
    destinations: list[int]
    cells: dict[tuple[int, int], int]
    origin: str = "default"

    def type_of(self, source: int, destination: int) -> int:
        """ACCUM … NCC, BLANK for an empty cell, MISSING when a class has no row or column."""
        if source not in self.sources or destination not in self.destinations:
            return MISSING
        return self.cells.get((source, destination), BLANK)

    def to_text(self, legend: Optional[Legend] = None) -> str:
        """InVEST's CSV layout: ``lulc-class`` then one column per destination; a legend below an empty row."""
        lines: list[list[str]] = [["lulc-class", *map(str, self.destinations)]]
        for s in self.sources:
            row = [str(s)]
            for d in self.destinations:
                t = self.cells.get((s, d), BLANK)
                row.append(TRANSITION_TYPES[t] if t >= 0 else "")
            lines.append(row)
        width = len(lines[0])
        lines.append([""] * width)
        notes = ["legend: rows are the class before a change (source), columns the class after (destination)"]
        if legend is not None:
            for v in dict.fromkeys([*self.sources, *self.destinations]):
                if v in legend:
                    e = legend.entry(v)
                    notes.append(f"{v} = {e.name} ({e.ecosystem})")
        notes += [
            "accum = biomass and soil accumulate at the destination class's rates",
            "low-impact-disturb / med-impact-disturb / high-impact-disturb = the source class's disturbance "
            "fraction of each pool is emitted with its half-life",
            "NCC = no carbon change (an emission already running continues); an empty cell means NCC",
        ]
        lines += [[n] + [""] * (width - 1) for n in notes]
        return "\n".join(",".join(_csv_cell(c) for c in line) for line in lines) + "\n"

    def to_csv(self, path: str, legend: Optional[Legend] = None, batch: Optional[OutputBatch] = None) -> None:
        """Write the table (InVEST layout) so it can be edited and given back; atomically."""
        from ..io import atomic_path

        with atomic_path(path, batch) as tmp:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                f.write(self.to_text(legend))


def _csv_cell(text: str) -> str:
    return f'"{text}"' if any(c in text for c in ',"\n') else text


def default_action(source_ecosystem: str, destination_ecosystem: str) -> int:
    """The default carbon action of a transition between two ecosystems (InVEST's preprocessor rules)."""
    if destination_ecosystem in BLUE_CARBON_ECOSYSTEMS:
        return ACCUM
    if source_ecosystem in BLUE_CARBON_ECOSYSTEMS:
        return DEFAULT_DISTURBANCE.get(destination_ecosystem, HIGH)
    return NCC


def default_transition_table(scheme: ClassScheme) -> TransitionTable:
    """The default table over the classes of ``scheme`` (blue carbon = mangrove, salt marsh, seagrass).

    blue → blue: accum; other → blue: accum; blue → other: disturb (impact by destination ecosystem,
    :data:`DEFAULT_DISTURBANCE`); other → other: NCC.
    """
    values = [int(c) for c in scheme.codes]
    cells = {
        (a, b): default_action(ea, eb)
        for a, ea in zip(values, scheme.ecosystems)
        for b, eb in zip(values, scheme.ecosystems)
    }
    return TransitionTable(values, list(values), cells, origin="default (derived from the legend)")


def read_transition_table(path: Union[str, os.PathLike], legend: Legend) -> TransitionTable:
    """Read a transition table CSV (InVEST layout); classes by raster value or legend name."""
    path = Path(path)
    table = parse_transition_table(read_table_file(path, "transition table"), path.name, legend)
    table.origin = str(path)
    return table


def parse_transition_table(text: str, name: str, legend: Legend) -> TransitionTable:
    """Parse transition table CSV text; errors name the line (as an editor counts it) and the column."""
    rows: list[tuple[int, list[str]]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader([line]))] if line.strip() else []
        if not any(cells):
            if rows:
                break  # an empty row ends the matrix (InVEST writes its legend below one)
            continue
        rows.append((line_no, cells))
    if not rows:
        raise InputError(
            f"The transition table '{name}' is empty.",
            "Give the header lulc-class,<class>,<class>,... and one row per source class, or leave the "
            "parameter empty to use the default table.",
        )
    header_line, header = rows[0]
    if header[0].lower() != "lulc-class":
        raise InputError(
            f"Line {header_line} of transition table '{name}', column 1: the header must start with 'lulc-class', "
            f"not '{header[0]}'.",
            "Use InVEST's layout: lulc-class, then one column per destination class (raster value).",
        )
    destinations: list[int] = []
    for position, token in enumerate(header[1:], start=2):
        if not token:
            continue
        value = _resolve_class(token, legend)
        if value is None:
            raise InputError(
                f"Line {header_line} of transition table '{name}', column {position}: '{token}' is not a class of "
                f"legend '{legend.title}'.",
                f"Use the raster values of the legend ({_value_list(legend)}) or their names.",
            )
        if value in destinations:
            raise InputError(
                f"Line {header_line} of transition table '{name}', column {position}: class {value} appears twice.",
                "Give each destination class one column.",
            )
        destinations.append(value)
    columns = [(i, _resolve_class(t, legend)) for i, t in enumerate(header) if i > 0 and t]
    sources: list[int] = []
    cells: dict[tuple[int, int], int] = {}
    for line_no, row in rows[1:]:
        token = row[0]
        source = _resolve_class(token, legend) if token else None
        if source is None:
            raise InputError(
                f"Line {line_no} of transition table '{name}', column 'lulc-class': '{token}' is not a class of "
                f"legend '{legend.title}'.",
                f"Use the raster values of the legend ({_value_list(legend)}) or their names.",
            )
        if source in sources:
            raise InputError(
                f"Line {line_no} of transition table '{name}', column 'lulc-class': class {source} already has a row.",
                "Give each source class one row.",
            )
        if len(row) > len(header) and any(row[len(header):]):
            raise InputError(
                f"Line {line_no} of transition table '{name}' has more cells than the header has columns.",
                "Add the missing destination classes to the header, or delete the extra cells.",
            )
        sources.append(source)
        for i, destination in columns:
            cell = row[i] if i < len(row) else ""
            if not cell:
                continue
            kind = _TYPE_OF_TEXT.get(cell.lower())
            if kind is None:
                fix = (
                    "Choose the impact: low-impact-disturb, med-impact-disturb or high-impact-disturb."
                    if cell.lower() == "disturb"
                    else f"Use one of {', '.join(TRANSITION_TYPES)}, or leave the cell empty (no carbon change)."
                )
                raise InputError(
                    f"Line {line_no} of transition table '{name}', row {source}, column {destination}: "
                    f"'{cell}' is not a carbon action.",
                    fix,
                )
            cells[(source, destination)] = kind
    return TransitionTable(sources, destinations, cells, origin=name)


def _resolve_class(token: str, legend: Legend) -> Optional[int]:
    """The raster value a table names by value or by legend name (case-insensitive), or None."""
    token = token.strip()
    if re.fullmatch(r"[+-]?\d+(\.0+)?", token):
        value = int(float(token))
        return value if value in legend else None
    lowered = token.lower()
    hits = [e.value for e in legend.entries if e.name.strip().lower() == lowered]
    return hits[0] if len(hits) == 1 else None


def _value_list(legend: Legend, limit: int = 12) -> str:
    values = legend.values
    return ", ".join(map(str, values[:limit])) + (" ..." if len(values) > limit else "")


def class_label(scheme: ClassScheme, index: int) -> str:
    return f"{scheme.codes[index - 1]} ({scheme.names[index - 1]})"


def history_actions(histories: Histories, table: TransitionTable, years: list[int], warnings: list[str]) -> np.ndarray:
    """The carbon action of every history at every snapshot after the first; checks the table covers them."""
    scheme = histories.scheme
    n = scheme.n_classes
    lookup = np.full((n + 1, n + 1), MISSING, dtype=np.int64)
    for a in range(1, n + 1):
        for b in range(1, n + 1):
            lookup[a, b] = table.type_of(int(scheme.codes[a - 1]), int(scheme.codes[b - 1]))
    m = histories.classes.shape[1]
    actions = np.empty((histories.n, m - 1), dtype=np.int64)
    blanks: dict[tuple[int, int], float] = {}
    for j in range(1, m):
        a, b = histories.classes[:, j - 1], histories.classes[:, j]
        act = lookup[a, b]
        missing = np.flatnonzero(act == MISSING)
        if missing.size:
            h = missing[np.argmax(histories.area_ha[missing])]
            code_a, code_b = scheme.codes[a[h] - 1], scheme.codes[b[h] - 1]
            lacking = [f"no row for class {code_a}"] if code_a not in table.sources else []
            lacking += [f"no column for class {code_b}"] if code_b not in table.destinations else []
            raise InputError(
                f"The transition table '{table.origin}' has {' and '.join(lacking)}, but "
                f"{class_label(scheme, a[h])} → {class_label(scheme, b[h])} occurs between {years[j - 1]} and "
                f"{years[j]} ({histories.area_ha[h]:.4g} ha).",
                "Add the missing rows and columns (every class of the snapshots), or leave the parameter empty to use "
                "the default table, which the algorithm writes out for editing.",
            )
        for h in np.flatnonzero(act == BLANK):
            pair = (int(a[h]), int(b[h]))
            blanks[pair] = blanks.get(pair, 0.0) + float(histories.area_ha[h])
        actions[:, j - 1] = np.where(act == BLANK, NCC, act)
    if blanks:
        shown = "; ".join(
            f"{class_label(scheme, a)} → {class_label(scheme, b)} ({area:.4g} ha)"
            for (a, b), area in sorted(blanks.items(), key=lambda kv: -kv[1])[:6]
        )
        warnings.append(f"Empty cells of the transition table are read as NCC (no carbon change) for: {shown}.")
    return actions

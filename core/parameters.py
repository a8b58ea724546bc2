"""Carbon parameter tables: every number the sink and change engines use, with source, unit and range.

A parameter table is a UTF-8 CSV file with optional ``# key: value`` comment lines (``title``,
``source``, ``licence``, ``note``, ``version``), then the header
``ecosystem,parameter,value,unit,low,high,sd,distribution,source,confirmed,note`` and one row per
ecosystem and parameter. Presets ship in ``resources/parameters/`` (the file stem is the preset
id); a user passes the path of their own table in the same format. Values are stored in the
canonical unit of :data:`PARAMETERS`; a malformed table raises :class:`InputError` naming the file
line (as an editor counts it, comment lines included) and the column at fault.

Uncertainty: :meth:`ParameterTable.sample` draws every row from its distribution (``normal``:
value ± sd; ``uniform``: low–high; ``triangular``: low, value, high; ``lognormal``: median value,
sd of ln; ``fixed``: the value) with a seeded generator, and clips draws to the parameter's
allowed range (e.g. a rate cannot be drawn below 0, a fraction above 1).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Optional, Sequence, Union

import numpy as np

from .csvtable import read_commented_csv, read_table_file
from .errors import InputError
from .legend import BLUE_CARBON_ECOSYSTEMS
from .resources import resource_path

COLUMNS: tuple[str, ...] = (
    "ecosystem",
    "parameter",
    "value",
    "unit",
    "low",
    "high",
    "sd",
    "distribution",
    "source",
    "confirmed",
    "note",
    "applies_to",
    "class",
)
"""Columns of a parameter table, in the order :meth:`ParameterTable.to_csv` writes them (``applies_to`` and
``class`` last, so that tables written before they existed still read the same)."""

REQUIRED_COLUMNS: tuple[str, ...] = ("ecosystem", "parameter", "value", "unit")
"""Columns a table must have; the others may be left out (then empty)."""

META_KEYS: tuple[str, ...] = ("title", "source", "licence", "note", "version")
"""Keys of the ``# key: value`` comment lines, in the order :meth:`ParameterTable.to_csv` writes them."""

ECOSYSTEMS: tuple[str, ...] = (*BLUE_CARBON_ECOSYSTEMS, "tidal_flat", "other_wetland")
"""Ecosystems a parameter row may name: the blue-carbon ecosystems of core.legend, plus tidal flats
and other wetlands."""

CLASS_ECOSYSTEMS: tuple[str, ...] = (*ECOSYSTEMS, "open_water", "non_habitat")
"""Ecosystems a row keyed by a raster class value (``class`` column) may name: every legend ecosystem (a
cropland or built-up class may carry its own stocks), or blank (the legend says)."""

APPLIES_TO: tuple[str, ...] = ("any", "remaining", "restored", "drained")
"""What a row's value describes (the ``applies_to`` column; blank = ``any``):

- ``remaining``: intact stands, wetlands remaining wetlands (burial-rate syntheses of existing stands);
- ``restored``: rewetted, revegetated or created wetlands (IPCC 2013 Wetlands Supplement EF_RE);
- ``drained``: drained or converted wetland soils (IPCC drainage emission factor);
- ``any``: whatever the status of the cell (stocks, InVEST tables, a user's own rates)."""

STATUSES: tuple[str, ...] = ("intact", "restored", "drained")
"""Status of a cell for the sink: intact (remaining), restored/created, drained/converted."""

STATUS_APPLIES_TO: dict[str, str] = {"intact": "remaining", "restored": "restored", "drained": "drained"}
"""The ``applies_to`` value that describes each cell status (``any`` rows describe every status)."""

APPLIES_TO_TEXT: dict[str, str] = {
    "any": "any cell status",
    "remaining": "intact stands (wetlands remaining wetlands)",
    "restored": "rewetted, revegetated or created wetlands (IPCC EF_RE)",
    "drained": "drained or converted wetland soils",
}
"""Words for each ``applies_to`` value, for output tables and headlines."""

DEFAULT_PRESETS: tuple[str, ...] = ("mcleod_2011", "ipcc_2013_tier1", "invest_cbc_defaults")
"""The presets used when the user names none, merged in this order (a later preset wins a row it shares):
Mcleod 2011 burial rates for intact stands, IPCC Tier 1 stocks, EF_RE for restored wetlands and the
drainage factor, InVEST's disturbance shares and half-lives. One declaration for processing/ and ui/."""

DISTRIBUTIONS: tuple[str, ...] = ("normal", "uniform", "triangular", "lognormal", "fixed")
"""How :meth:`ParameterTable.sample` draws a row (see the module docstring)."""

DEFAULT_SOIL_DEPTH_M = 1.0
"""Depth (m) a ``soil_stock`` refers to when the table has no ``soil_depth`` row: IPCC's reference."""

PRESET_FOLDER = "parameters"


@dataclass(frozen=True)
class ParameterSpec:
    """What a parameter means, its canonical unit and the range its values may take."""

    name: str
    unit: str
    description: str
    minimum: float
    maximum: float
    used_by: tuple[str, ...]
    range_rule: str
    """Why values outside [minimum, maximum] are refused, in words (e.g. 'rates cannot be negative')."""
    min_inclusive: bool = True

    def allows(self, value: float) -> bool:
        """True when ``value`` lies in the allowed range."""
        above = value >= self.minimum if self.min_inclusive else value > self.minimum
        return above and value <= self.maximum


_STOCK = "stocks cannot be negative"
_RATE = "rates cannot be negative"
_FRACTION = "fractions lie between 0 and 1"
_HALF_LIFE = "half-lives cannot be negative (0 means: that pool is not emitted, as in InVEST)"
_INF = math.inf


def _spec(name: str, unit: str, description: str, lo: float, hi: float, used_by: tuple[str, ...], rule: str,
          min_inclusive: bool = True) -> ParameterSpec:
    return ParameterSpec(name, unit, description, lo, hi, used_by, rule, min_inclusive)


PARAMETERS: dict[str, ParameterSpec] = {
    s.name: s
    for s in (
        _spec("aboveground_biomass_stock", "t C/ha", "Carbon in living aboveground biomass.", 0, _INF,
              ("sink", "change"), _STOCK),
        _spec("belowground_biomass_stock", "t C/ha", "Carbon in living belowground biomass (roots).", 0, _INF,
              ("sink", "change"), _STOCK),
        _spec("biomass_stock", "t C/ha",
              "Carbon in living biomass, above- and belowground together (InVEST's biomass pool); not given "
              "beside the separate above- and belowground rows of the same class or ecosystem.", 0, _INF,
              ("sink", "change"), _STOCK),
        _spec("litter_stock", "t C/ha",
              "Carbon in dead organic matter (litter and/or dead wood; the row's note says which).", 0, _INF,
              ("sink", "change"), _STOCK),
        _spec("soil_stock", "t C/ha",
              "Soil organic carbon to the depth of the ecosystem's soil_depth row (1 m without one).", 0, _INF,
              ("sink", "change"), _STOCK),
        _spec("soil_depth", "m", "Depth the soil_stock of this ecosystem refers to.", 0, 10.0,
              ("sink", "change"), "a soil depth must be greater than 0 m and at most 10 m", min_inclusive=False),
        _spec("biomass_accumulation", "t C/ha/yr",
              "Net biomass carbon gain of growing stands (0 or absent for mature stands).", 0, _INF,
              ("sink", "change"), _RATE),
        _spec("soil_accumulation", "t C/ha/yr", "Soil carbon burial (accumulation) rate.", 0, _INF,
              ("sink", "change"), _RATE),
        _spec("litter_accumulation", "t C/ha/yr", "Net accumulation of dead organic matter.", 0, _INF,
              ("sink", "change"), _RATE),
        _spec("biomass_half_life", "yr",
              "Half-life of biomass carbon released after a disturbance (0: the pool is not emitted, as in InVEST).",
              0, _INF, ("change",), _HALF_LIFE),
        _spec("soil_half_life", "yr",
              "Half-life of soil carbon released after a disturbance (0: the pool is not emitted, as in InVEST).",
              0, _INF, ("change",), _HALF_LIFE),
        _spec("litter_half_life", "yr", "Half-life of litter carbon released after a disturbance (optional).", 0,
              _INF, ("change",), _HALF_LIFE),
        _spec("biomass_disturbance_low", "fraction", "Share of the biomass stock lost in a low-impact disturbance.",
              0, 1, ("change",), _FRACTION),
        _spec("biomass_disturbance_med", "fraction",
              "Share of the biomass stock lost in a medium-impact disturbance.", 0, 1, ("change",), _FRACTION),
        _spec("biomass_disturbance_high", "fraction",
              "Share of the biomass stock lost in a high-impact disturbance.", 0, 1, ("change",), _FRACTION),
        _spec("soil_disturbance_low", "fraction", "Share of the soil stock lost in a low-impact disturbance.",
              0, 1, ("change",), _FRACTION),
        _spec("soil_disturbance_med", "fraction", "Share of the soil stock lost in a medium-impact disturbance.",
              0, 1, ("change",), _FRACTION),
        _spec("soil_disturbance_high", "fraction", "Share of the soil stock lost in a high-impact disturbance.",
              0, 1, ("change",), _FRACTION),
        _spec("soil_drainage_emission", "t C/ha/yr",
              "Yearly soil carbon loss while a coastal wetland soil stays drained (IPCC drainage emission "
              "factor; positive = emission).", -_INF, _INF, ("change",), "any real number is allowed"),
        _spec("carbon_fraction", "t C/t dm",
              "Carbon per dry matter, kept where a source gives dry matter so converted values stay traceable.",
              0, 1, ("sink",), _FRACTION),
    )
}
"""The parameter vocabulary (IPCC pools and InVEST Coastal Blue Carbon inputs), name → spec."""

UNIT_ALIASES: dict[str, str] = {
    "mg c/ha": "t C/ha",
    "mg c ha-1": "t C/ha",
    "t c ha-1": "t C/ha",
    "mg c/ha/yr": "t C/ha/yr",
    "mg c ha-1 yr-1": "t C/ha/yr",
    "t c ha-1 yr-1": "t C/ha/yr",
    "t c/ha/a": "t C/ha/yr",
    "year": "yr",
    "years": "yr",
    "a": "yr",
    "mg c/mg dm": "t C/t dm",
    "mg c": "t C",
    "g c/g dm": "t C/t dm",
}
"""Spellings accepted for a canonical unit (compared case-insensitively, spaces collapsed)."""

_CONVERSION_HINTS: dict[str, str] = {
    "g c m-2 yr-1": "1 g C m-2 yr-1 = 0.01 t C/ha/yr",
    "g c/m2/yr": "1 g C m-2 yr-1 = 0.01 t C/ha/yr",
    "g c m-2 a-1": "1 g C m-2 yr-1 = 0.01 t C/ha/yr",
    "kg c/m2": "1 kg C/m2 = 10 t C/ha",
    "kg c m-2": "1 kg C/m2 = 10 t C/ha",
    "g c/m2": "1 g C/m2 = 0.01 t C/ha",
    "g c m-2": "1 g C/m2 = 0.01 t C/ha",
    "t co2/ha": "t C = t CO2 × 12/44",
    "t co2e/ha": "t C = t CO2 × 12/44",
    "t co2/ha/yr": "t C = t CO2 × 12/44",
    "t co2e/ha/yr": "t C = t CO2 × 12/44",
    "mg co2e/ha": "t C = t CO2 × 12/44",
    "t dm/ha": "t C = t dry matter × carbon fraction (give a carbon_fraction row)",
    "t d.m./ha": "t C = t dry matter × carbon fraction (give a carbon_fraction row)",
    "t dm/ha/yr": "t C = t dry matter × carbon fraction (give a carbon_fraction row)",
    "cm": "1 cm = 0.01 m",
    "%": "a percentage p is the fraction p/100",
    "percent": "a percentage p is the fraction p/100",
    "days": "d days = d/365 yr",
    "months": "m months = m/12 yr",
}


@dataclass(frozen=True)
class Parameter:
    """One row of a parameter table: a value in its canonical unit, its range, semantics and provenance.

    A row describes an ecosystem, or one raster class (``cls``, its value in the land-cover raster;
    then ``ecosystem`` may be blank). ``applies_to`` says which cells the value describes
    (:data:`APPLIES_TO`).
    """

    ecosystem: str
    parameter: str
    value: float
    unit: str
    low: Optional[float] = None
    high: Optional[float] = None
    sd: Optional[float] = None
    distribution: str = "fixed"
    source: str = ""
    confirmed: bool = False
    note: str = ""
    user_defined: bool = False
    origin: str = field(default="", compare=False)
    """Where the row came from (file and line, or 'override'), for messages only."""
    applies_to: str = "any"
    cls: Optional[int] = None
    """Raster class value the row is for (None: the whole ecosystem)."""
    table: str = field(default="", compare=False)
    """Id of the table the row was read from (a preset id or the file stem of the user's table)."""

    @property
    def subject(self) -> Union[str, int]:
        """What the row describes: its class value, or its ecosystem."""
        return self.cls if self.cls is not None else self.ecosystem

    @property
    def key(self) -> tuple:
        """(subject, parameter), with applies_to third when it is not ``any``; subject = class value or ecosystem."""
        if self.applies_to == "any":
            return (self.subject, self.parameter)
        return (self.subject, self.parameter, self.applies_to)

    @property
    def spec(self) -> ParameterSpec:
        """The registry entry of this row's parameter."""
        return PARAMETERS[self.parameter]

    def describe(self) -> str:
        """'mangrove soil_accumulation = 2.26 t C/ha/yr [intact stands …] (source; table)', for output tables."""
        who = f"class {self.cls}" + (f" ({self.ecosystem})" if self.ecosystem else "") if self.cls is not None \
            else self.ecosystem
        where = f"; {self.table}" if self.table else ""
        return (f"{who} {self.parameter} = {_fmt(self.value)} {self.unit} [{APPLIES_TO_TEXT[self.applies_to]}] "
                f"({self.source or 'no source given'}{where})")


def preset_ids() -> list[str]:
    """Ids of the parameter presets shipped with the plugin (file stems)."""
    folder = resource_path(PRESET_FOLDER)
    return sorted(p.stem for p in folder.glob("*.csv")) if folder.is_dir() else []


def preset_path(preset_id: str) -> Path:
    """Path of a shipped parameter preset."""
    return resource_path(PRESET_FOLDER, f"{preset_id}.csv")


class ParameterTable:
    """Validated parameter rows, one per (class or ecosystem, parameter, applies_to), and the table's provenance."""

    def __init__(
        self,
        rows: Iterable[Parameter],
        meta: Optional[Mapping[str, str]] = None,
        name: str = "parameters",
        path: Optional[str] = None,
    ) -> None:
        self.meta: dict[str, str] = dict(meta or {})
        self.name = name
        self.path = path
        self._rows: list[Parameter] = []
        self._index: dict[tuple, Parameter] = {}
        self._by_subject: dict[tuple, list[Parameter]] = {}
        for row in rows:
            _check_row(row)
            previous = self._index.get(row.key)
            if previous is not None:
                where = f" (first given at {previous.origin})" if previous.origin else ""
                semantics = "" if row.applies_to == "any" else f" (applies_to {row.applies_to})"
                raise InputError(
                    f"{_where(row, 'parameter')}: {row.parameter} of {_subject_text(row)}{semantics} is given "
                    f"twice{where}.",
                    "Give each ecosystem (or class) and parameter one row per applies_to; delete or merge the other.",
                )
            self._rows.append(row)
            self._index[row.key] = row
            self._by_subject.setdefault((row.subject, row.parameter), []).append(row)
        _check_biomass_pools(self._rows)

    # -- access ---------------------------------------------------------------------------------

    @property
    def rows(self) -> list[Parameter]:
        """The rows in table order."""
        return list(self._rows)

    @property
    def ecosystems(self) -> list[str]:
        """Ecosystems the table has ecosystem rows for, in order of first appearance."""
        return list(dict.fromkeys(r.ecosystem for r in self._rows if r.cls is None))

    @property
    def classes(self) -> list[int]:
        """Raster class values the table has rows for, in order of first appearance."""
        return list(dict.fromkeys(r.cls for r in self._rows if r.cls is not None))

    @property
    def title(self) -> str:
        """The table's title (``# title:``), or its name."""
        return self.meta.get("title", self.name)

    def parameters_of(self, ecosystem: Union[str, int]) -> list[str]:
        """Parameters the table gives for an ecosystem (or a class value), in table order."""
        return list(dict.fromkeys(r.parameter for r in self._rows if r.subject == ecosystem))

    def rows_of(self, subject: Union[str, int], parameter: str) -> list[Parameter]:
        """Every row of a subject (ecosystem or class value) and parameter, one per applies_to."""
        return list(self._by_subject.get((subject, parameter), ()))

    def find(self, parameter: str, code: Optional[int] = None, ecosystem: Optional[str] = None,
             status: Optional[str] = "intact") -> Optional[Parameter]:
        """The row that gives ``parameter`` to a class, or None.

        A row of the class value ``code`` comes before a row of its ``ecosystem``; within each, the row
        whose ``applies_to`` describes ``status`` (:data:`STATUS_APPLIES_TO`) comes before an ``any`` row.
        ``status=None`` takes the ``any`` row, or the only row there is.
        """
        for subject in (code, ecosystem):
            if subject is None or subject == "":
                continue
            rows = self._by_subject.get((subject, parameter))
            if not rows:
                continue
            if status is None:
                hit = [r for r in rows if r.applies_to == "any"] or (rows if len(rows) == 1 else [])
                if hit:
                    return hit[0]
                continue
            wanted = STATUS_APPLIES_TO.get(status)
            for applies in (wanted, "any"):
                for r in rows:
                    if r.applies_to == applies:
                        return r
        return None

    def has(self, ecosystem: Union[str, int], parameter: str, applies_to: Optional[str] = None) -> bool:
        """True when the table has a row for an ecosystem (or class value) and parameter (of ``applies_to``)."""
        rows = self._by_subject.get((ecosystem, parameter), ())
        return any(applies_to is None or r.applies_to == applies_to for r in rows)

    def get(self, ecosystem: Union[str, int], parameter: str, applies_to: Optional[str] = None) -> Parameter:
        """The row of an ecosystem (or class value) and parameter (InputError when the table has none).

        Without ``applies_to``: the ``any`` row, or the only row; InputError when rows of several
        semantics exist (say which one).
        """
        rows = self._by_subject.get((ecosystem, parameter), [])
        if applies_to is not None:
            rows = [r for r in rows if r.applies_to == applies_to]
        elif len(rows) > 1:
            rows = [r for r in rows if r.applies_to == "any"] or rows
            if len(rows) > 1:
                raise InputError(
                    f"The parameter table '{self.title}' gives {parameter} of {ecosystem} for "
                    f"{', '.join(r.applies_to for r in rows)} cells.",
                    "Say which one is meant (applies_to), or give the cells' status to the sink.",
                )
        if rows:
            return rows[0]
        given = ", ".join(self.parameters_of(ecosystem)) or "none"
        raise InputError(
            f"The parameter table '{self.title}' has no {parameter} for {ecosystem} "
            f"{'' if applies_to is None else f'(applies_to {applies_to}) '}(its {ecosystem} parameters: {given}).",
            f"Add a row '{ecosystem},{parameter},<value>,{_unit_of(parameter)},...' to your own table, "
            "or merge a preset that has it.",
        )

    def value(self, ecosystem: Union[str, int], parameter: str, default: Optional[float] = None,
              applies_to: Optional[str] = None) -> float:
        """The central value of a row in its canonical unit; ``default`` (if given) when absent."""
        if default is not None and not self.has(ecosystem, parameter, applies_to):
            return float(default)
        return self.get(ecosystem, parameter, applies_to).value

    def soil_depth_m(self, ecosystem: Union[str, int], code: Optional[int] = None) -> float:
        """Depth (m) the soil_stock of an ecosystem (or of class ``code``) refers to (1 m without a soil_depth row).

        The depth is the one of the table the soil_stock row came from (a merge keeps the pair together).
        """
        if not isinstance(ecosystem, str):
            code, ecosystem = ecosystem, None
        row = self.find("soil_depth", code, ecosystem, None)
        return row.value if row is not None else DEFAULT_SOIL_DEPTH_M

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, key: object) -> bool:
        """True for a row's key, or for (subject, parameter) when any row of that subject and parameter exists."""
        return key in self._index or (isinstance(key, tuple) and len(key) == 2 and key in self._by_subject)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ParameterTable) and self._rows == other._rows and self.meta == other.meta

    def __repr__(self) -> str:
        return f"ParameterTable({self.title!r}, {len(self._rows)} rows, ecosystems={self.ecosystems})"

    # -- combining ------------------------------------------------------------------------------

    def merge(self, other: "ParameterTable", notes: Optional[list[str]] = None) -> "ParameterTable":
        """A new table with the rows of both; where both give a row (same subject, parameter and applies_to),
        ``other``'s row wins.

        A soil stock and the depth it refers to stay one pair: where ``other`` gives a soil_stock, the
        soil_depth comes from ``other`` too (its row, or 1 m without one); a depth row of ``self`` that no
        longer matches is dropped and said in ``notes``. A soil_depth of ``other`` alone, beside a soil_stock
        of ``self`` measured to another depth, is refused (it would relabel a stock). Rows with other
        semantics (applies_to) are kept side by side.
        """
        notes = notes if notes is not None else []
        stock_subjects = {r.subject for r in other._rows if r.parameter == "soil_stock"}
        depth_subjects = {r.subject for r in other._rows if r.parameter == "soil_depth"}
        for subject in depth_subjects - stock_subjects:
            if any(r.parameter == "soil_stock" for r in self.rows_of(subject, "soil_stock")):
                mine = self.soil_depth_m(subject)
                theirs = other.rows_of(subject, "soil_depth")[0].value
                if mine != theirs:
                    raise InputError(
                        f"'{other.title}' gives a soil depth of {_fmt(theirs)} m for {subject} but no soil stock, while "
                        f"the soil stock of '{self.title}' refers to {_fmt(mine)} m.",
                        "Give the soil_stock and the soil_depth it refers to in the same table.",
                    )
        rows: list[Parameter] = []
        for r in self._rows:
            if r.parameter == "soil_depth" and r.subject in stock_subjects and r.subject not in depth_subjects:
                notes.append(
                    f"The soil depth {_fmt(r.value)} m of {r.subject} from '{self.title}' is dropped: the soil stock of "
                    f"{r.subject} now comes from '{other.title}', which refers to {_fmt(DEFAULT_SOIL_DEPTH_M)} m."
                )
                continue
            rows.append(other._index.get(r.key, r))
        rows += [r for r in other._rows if r.key not in self._index]
        meta = {k: v for k, v in self.meta.items() if k != "title"}
        for key, text in other.meta.items():
            if key == "title":
                continue
            if key in meta and meta[key] != text:
                meta[key] = f"{meta[key]} | {text}"
            else:
                meta.setdefault(key, text)
        meta["title"] = f"{self.title} + {other.title}"
        return ParameterTable(rows, meta, name=f"{self.name}+{other.name}")

    def override(self, ecosystem: str, parameter: str, value: float, **fields: object) -> "ParameterTable":
        """A new table whose row (ecosystem, parameter) has ``value``, marked user-defined.

        ``fields`` may set ``low``, ``high``, ``sd``, ``distribution``, ``source``, ``confirmed``,
        ``note`` and ``unit`` (which must be the canonical unit). A new value does not inherit the
        old range: without new ``low``/``high``/``sd`` the row becomes ``fixed``. The original value
        and source are kept in the note.
        """
        allowed = {"low", "high", "sd", "distribution", "source", "confirmed", "note", "unit", "applies_to"}
        unknown = sorted(set(fields) - allowed)
        if unknown:
            raise InputError(
                f"override() got unknown field(s) {', '.join(unknown)}.",
                f"Use only {', '.join(sorted(allowed))}.",
            )
        origin = f"override of {parameter} for {ecosystem}"
        applies_to = str(fields.get("applies_to") or "")
        if applies_to:
            old = self._index.get((ecosystem, parameter) if applies_to == "any" else (ecosystem, parameter, applies_to))
        else:
            candidates = self.rows_of(ecosystem, parameter)
            old = self.get(ecosystem, parameter) if candidates else None
            applies_to = old.applies_to if old is not None else "any"
        spec = PARAMETERS.get(parameter)
        unit = str(fields.get("unit", old.unit if old else (spec.unit if spec else "")))
        notes = [str(fields["note"])] if fields.get("note") else []
        if old is not None:
            notes.append(
                f"User value; replaces {_fmt(old.value)} {old.unit} from {old.source or 'an unnamed source'}"
                + (f" (note: {old.note})" if old.note else "")
            )
        else:
            notes.append("User value; no row in the table it was added to")
        low, high, sd = fields.get("low"), fields.get("high"), fields.get("sd")
        distribution = fields.get("distribution") or _infer_distribution(sd, low, high)
        row = Parameter(
            ecosystem=ecosystem,
            parameter=parameter,
            value=_as_float(value, origin, "value"),
            unit=_canonical_unit(unit, parameter) or unit,
            low=None if low is None else _as_float(low, origin, "low"),
            high=None if high is None else _as_float(high, origin, "high"),
            sd=None if sd is None else _as_float(sd, origin, "sd"),
            distribution=str(distribution),
            source=str(fields.get("source", "user")),
            confirmed=bool(fields.get("confirmed", False)),
            note=". ".join(notes),
            user_defined=True,
            origin=origin,
            applies_to=applies_to,
            cls=ecosystem if isinstance(ecosystem, int) else None,
            table="override",
        )
        if isinstance(ecosystem, int):
            row = dataclasses.replace(row, ecosystem=old.ecosystem if old is not None else "")
        if old is not None:
            rows = [row if r.key == old.key else r for r in self._rows]
        else:
            rows = [*self._rows, row]
        return ParameterTable(rows, self.meta, name=self.name, path=None)

    # -- output ---------------------------------------------------------------------------------

    def to_text(self) -> str:
        """The table as CSV text in the preset format (comment lines, header, rows)."""
        buffer = io.StringIO()
        for key in (*META_KEYS, *sorted(k for k in self.meta if k not in META_KEYS)):
            if self.meta.get(key):
                buffer.write(f"# {key}: {_one_line(self.meta[key])}\n")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in self._rows:
            writer.writerow([
                r.ecosystem, r.parameter, _fmt(r.value), r.unit, _fmt(r.low), _fmt(r.high), _fmt(r.sd),
                r.distribution, _one_line(r.source), "yes" if r.confirmed else "no", _one_line(r.note),
                "" if r.applies_to == "any" else r.applies_to, "" if r.cls is None else str(r.cls),
            ])
        return buffer.getvalue()

    def to_csv(self, path: Union[str, os.PathLike], batch: object = None) -> None:
        """Write the table as UTF-8 CSV in the preset format; :func:`load_parameters` reads it back unchanged.

        The file appears only when complete (or when ``batch``, an :class:`core.io.OutputBatch`, commits).
        """
        from .io import atomic_path

        with atomic_path(os.fspath(path), batch) as tmp:
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                handle.write(self.to_text())

    # -- uncertainty ----------------------------------------------------------------------------

    def sample(
        self,
        n: int,
        rng: Union[np.random.Generator, int, None] = None,
        keys: Optional[Iterable[tuple[str, str]]] = None,
    ) -> dict[tuple[str, str], np.ndarray]:
        """``n`` independent draws of every row (or of ``keys``) from its distribution, in its canonical unit.

        Draws are made row by row in table order from ``rng`` (a numpy Generator or a seed), so the
        same seed gives the same draws. Draws outside the parameter's allowed range are clipped to it.
        """
        if n < 0:
            raise InputError(f"The number of draws cannot be negative ({n}).", "Give 0 or more draws.")
        wanted = None if keys is None else set(keys)
        check_draws_fit(n, sum(1 for row in self._rows if wanted is None or row.key in wanted))
        generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        draws: dict[tuple[str, str], np.ndarray] = {}
        for row in self._rows:
            if wanted is not None and row.key not in wanted:
                continue
            draws[row.key] = _draw(row, n, generator)
        return draws


MAX_DRAWS = 1_000_000
"""Upper bound on Monte Carlo draws: the 5th and 95th percentiles of a total are stable to a fraction of a
per cent long before (the standard error of a percentile falls as 1/sqrt(n)); more only costs memory."""
DRAW_MEMORY_SHARE = 0.25
"""Largest share of the machine's available memory the draws (and the sums made of them) may take, so that a
large request can never take QGIS down with the user's unsaved project."""
ARRAYS_PER_ROW = 4
"""Draw arrays alive per parameter row while totals are formed (the draws, a sum, a product, a quantile copy)."""


def available_memory_bytes() -> Optional[int]:
    """Physical memory available to this process now (bytes), or None where the system does not say."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None


def check_draws_fit(n: int, rows: int) -> None:
    """Raise :class:`InputError` when ``n`` Monte Carlo draws of ``rows`` parameters exceed MAX_DRAWS or would
    need more than DRAW_MEMORY_SHARE of the available memory; the message says how many would fit."""
    if n > MAX_DRAWS:
        raise InputError(f"{n:,} Monte Carlo draws were asked for; at most {MAX_DRAWS:,} are allowed.",
                         "Use 1,000 to 10,000 draws: the 90 % interval is stable long before the maximum.")
    need = n * max(rows, 1) * 8 * ARRAYS_PER_ROW
    available = available_memory_bytes()
    if available is not None and need > DRAW_MEMORY_SHARE * available:
        fit = int(DRAW_MEMORY_SHARE * available // (max(rows, 1) * 8 * ARRAYS_PER_ROW))
        raise InputError(
            f"{n:,} Monte Carlo draws of {rows} parameters need about {need / 2**30:.1f} GiB, more than "
            f"{DRAW_MEMORY_SHARE:.0%} of the memory available now ({available / 2**30:.1f} GiB).",
            f"Use at most {fit:,} draws (1,000 to 10,000 are usually enough).",
        )


# -- loading ------------------------------------------------------------------------------------


def load_parameters(source: Union[str, os.PathLike]) -> ParameterTable:
    """Load a preset by id (e.g. ``ipcc_2013_tier1``) or a parameter table CSV by path.

    Rows of a shipped preset have ``user_defined=False``; rows of any other file are the user's
    (``user_defined=True``).
    """
    text_source = os.fspath(source)
    path = Path(text_source)
    is_preset = False
    if not path.suffix and not path.exists():
        if text_source not in preset_ids():
            raise InputError(
                f"There is no parameter preset called '{text_source}'.",
                f"Use one of {', '.join(preset_ids())}, or the path of a parameter table CSV.",
            )
        path = preset_path(text_source)
        is_preset = True
    elif path.resolve().parent == resource_path(PRESET_FOLDER).resolve() and path.stem in preset_ids():
        is_preset = True
    table = parse_parameters(read_table_file(path, "parameter table"), path.name, user_defined=not is_preset)
    table.name = path.stem
    table.path = str(path)
    return table


def parse_parameters(text: str, name: str = "parameters", user_defined: bool = True) -> ParameterTable:
    """Parse parameter table CSV text; errors name the line (as an editor counts it) and the column."""
    meta, lines = read_commented_csv(text, "parameter table", name)
    if not lines:
        raise InputError(
            f"The parameter table '{name}' has no rows.",
            f"Give the header {','.join(COLUMNS)} and one row per ecosystem and parameter.",
        )
    header_line, header_cells = lines[0]
    header = [h.strip().lower() for h in header_cells]
    for position, column in enumerate(header):
        if column not in COLUMNS:
            raise InputError(
                f"Line {header_line} of parameter table '{name}', column {position + 1}: "
                f"'{header_cells[position].strip()}' is not a column of the format.",
                f"Use the header {','.join(COLUMNS)}.",
            )
        if header.index(column) != position:
            raise InputError(
                f"Line {header_line} of parameter table '{name}', column '{column}' appears twice in the header.",
                "Give each column once.",
            )
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(
            f"Line {header_line} of parameter table '{name}': the header lacks the column(s) {', '.join(missing)} "
            f"(header: {','.join(header)}).",
            f"Use the header {','.join(COLUMNS)}.",
        )
    if len(lines) == 1:
        raise InputError(
            f"The parameter table '{name}' has a header but no rows.", "Add one row per ecosystem and parameter."
        )
    rows: list[Parameter] = []
    for line_no, cells in lines[1:]:
        origin = f"line {line_no} of parameter table '{name}'"
        if len(cells) > len(header):
            raise InputError(
                f"Line {line_no} of parameter table '{name}' has {len(cells)} cells but the header has "
                f"{len(header)} columns.",
                "Quote cells that contain commas (e.g. a note) with double quotes.",
            )
        padded = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        cell = dict(zip(header, padded))
        rows.append(_row_from_cells(cell, origin, user_defined, Path(name).stem))
    return ParameterTable(rows, meta, name=name)


def _row_from_cells(cell: Mapping[str, str], origin: str, user_defined: bool, table: str = "") -> Parameter:
    """A Parameter from the cells of one CSV row (checked for type and vocabulary; ranges later).

    A value in t CO₂e (e.g. ``t CO2e/ha``, ``Mg CO2e/ha/yr``) is converted to t C (× 12/44) and the note says so.
    """
    code_text = cell.get("class", "").strip()
    code: Optional[int] = None
    if code_text:
        number = _as_float(code_text, origin, "class")
        if not number.is_integer():
            raise InputError(f"{_cap(origin)}, column 'class': '{code_text}' is not a raster class value.",
                             "Give the whole-number value of the class in the land-cover raster, or leave it empty.")
        code = int(number)
    ecosystem = cell.get("ecosystem", "").lower()
    allowed = CLASS_ECOSYSTEMS + ("",) if code is not None else ECOSYSTEMS
    if ecosystem not in allowed:
        raise InputError(
            f"{_cap(origin)}, column 'ecosystem': '{cell.get('ecosystem', '')}' is not an ecosystem a parameter "
            "row may name.",
            f"Use one of {', '.join(allowed if code is not None else ECOSYSTEMS)}"
            + ("" if code is not None else ", or give the raster class value in the column 'class'") + ".",
        )
    applies_to = cell.get("applies_to", "").strip().lower() or "any"
    if applies_to not in APPLIES_TO:
        raise InputError(
            f"{_cap(origin)}, column 'applies_to': '{cell.get('applies_to', '')}' is not one of {', '.join(APPLIES_TO)}.",
            "Write remaining (intact stands), restored (rewetted, revegetated or created), drained, or any.",
        )
    parameter = cell.get("parameter", "").lower()
    if parameter not in PARAMETERS:
        raise InputError(
            f"{_cap(origin)}, column 'parameter': '{cell.get('parameter', '')}' is not a known parameter.",
            f"Use one of {', '.join(PARAMETERS)} (see docs/parameters.md).",
        )
    value = _number(cell.get("value", ""), origin, "value", required=True)
    unit = _canonical_unit(cell.get("unit", ""), parameter)
    factor = 1.0
    note = cell.get("note", "")
    if unit is None:
        unit = _co2_unit(cell.get("unit", ""), parameter)
        if unit is not None:
            factor = C_PER_CO2
            note = (f"{note} " if note else "") + (
                f"Given as {_fmt(value)} {cell.get('unit', '').strip()}; converted to {_fmt(value * factor)} {unit} "
                "(t C = t CO2e × 12/44).")
    if unit is None:
        spec = PARAMETERS[parameter]
        given = cell.get("unit", "")
        hint = _CONVERSION_HINTS.get(_norm_unit(given))
        raise InputError(
            f"{_cap(origin)}, column 'unit': '{given}' is not the unit of {parameter}; it is {spec.unit}.",
            f"Convert the value to {spec.unit}"
            + (f" ({hint})" if hint else "")
            + ", write the unit as it is spelled here, and say in the note how you converted it.",
        )
    distribution = cell.get("distribution", "").lower()
    low = _number(cell.get("low", ""), origin, "low")
    high = _number(cell.get("high", ""), origin, "high")
    sd = _number(cell.get("sd", ""), origin, "sd")
    if factor != 1.0:
        value, low, high, sd = (None if x is None else x * factor for x in (value, low, high, sd))
    confirmed_text = cell.get("confirmed", "").lower()
    if confirmed_text not in ("", "yes", "no"):
        raise InputError(
            f"{_cap(origin)}, column 'confirmed': '{cell.get('confirmed', '')}' is neither yes nor no.",
            "Write yes when the value was checked in its source, otherwise no.",
        )
    return Parameter(
        ecosystem=ecosystem,
        parameter=parameter,
        value=value,
        unit=unit,
        low=low,
        high=high,
        sd=sd,
        distribution=distribution or _infer_distribution(sd, low, high),
        source=cell.get("source", ""),
        confirmed=confirmed_text == "yes",
        note=note,
        user_defined=user_defined,
        origin=origin,
        applies_to=applies_to,
        cls=code,
        table=table,
    )


def _check_row(row: Parameter) -> None:
    """Raise InputError when a row breaks the registry's ranges or its distribution lacks what it needs."""
    if row.applies_to not in APPLIES_TO:
        raise InputError(f"{_where(row, 'applies_to')}: '{row.applies_to}' is not one of {', '.join(APPLIES_TO)}.",
                         "Write remaining, restored, drained or any.")
    if row.ecosystem not in (ECOSYSTEMS if row.cls is None else CLASS_ECOSYSTEMS + ("",)):
        raise InputError(
            f"{_where(row, 'ecosystem')}: '{row.ecosystem}' is not an ecosystem a parameter row may name.",
            f"Use one of {', '.join(ECOSYSTEMS)}.",
        )
    spec = PARAMETERS.get(row.parameter)
    if spec is None:
        raise InputError(
            f"{_where(row, 'parameter')}: '{row.parameter}' is not a known parameter.",
            f"Use one of {', '.join(PARAMETERS)} (see docs/parameters.md).",
        )
    if row.unit != spec.unit:
        raise InputError(
            f"{_where(row, 'unit')}: '{row.unit}' is not the unit of {row.parameter}; it is {spec.unit}.",
            f"Give the value in {spec.unit}.",
        )
    for column in ("value", "low", "high", "sd"):
        number = getattr(row, column)
        if number is not None and not math.isfinite(number):
            raise InputError(f"{_where(row, column)}: {number} is not a finite number.", "Write a finite number.")
    for column in ("value", "low", "high"):
        number = getattr(row, column)
        if number is not None and not spec.allows(number):
            raise InputError(
                f"{_where(row, column)}: {_fmt(number)} {spec.unit} is outside the allowed range of "
                f"{row.parameter} ({_range_text(spec)}): {spec.range_rule}.",
                f"Check the sign and unit of the {column}; give a {column} within {_range_text(spec)}.",
            )
    if row.sd is not None and row.sd < 0:
        raise InputError(
            f"{_where(row, 'sd')}: a standard deviation cannot be negative ({_fmt(row.sd)}).",
            "Give the sd as a positive number.",
        )
    if row.low is not None and row.high is not None and row.low > row.high:
        raise InputError(
            f"{_where(row, 'low')}: low ({_fmt(row.low)}) is greater than high ({_fmt(row.high)}).",
            "Swap low and high, or correct the range.",
        )
    if row.low is not None and row.value < row.low:
        raise InputError(
            f"{_where(row, 'value')}: the value {_fmt(row.value)} is below low ({_fmt(row.low)}).",
            "The central value must lie within the range low–high.",
        )
    if row.high is not None and row.value > row.high:
        raise InputError(
            f"{_where(row, 'value')}: the value {_fmt(row.value)} is above high ({_fmt(row.high)}).",
            "The central value must lie within the range low–high.",
        )
    _check_distribution(row)


def _check_distribution(row: Parameter) -> None:
    """Raise InputError when the row's distribution is unknown or lacks its sd/low/high."""
    kind = row.distribution
    if kind not in DISTRIBUTIONS:
        raise InputError(
            f"{_where(row, 'distribution')}: '{kind}' is not a known distribution.",
            f"Use one of {', '.join(DISTRIBUTIONS)}.",
        )
    if kind == "normal" and not row.sd:
        raise InputError(
            f"{_where(row, 'sd')}: the normal distribution needs a standard deviation greater than 0.",
            "Give the sd, or choose another distribution (fixed, uniform, triangular).",
        )
    if kind == "lognormal":
        if not row.sd:
            raise InputError(
                f"{_where(row, 'sd')}: the lognormal distribution needs the sd of ln(value), greater than 0.",
                "Give the sd of the natural logarithm, or choose another distribution.",
            )
        if row.value <= 0:
            raise InputError(
                f"{_where(row, 'value')}: the lognormal distribution needs a value (median) greater than 0.",
                "Use another distribution for values that can be 0.",
            )
    if kind in ("uniform", "triangular"):
        for column in ("low", "high"):
            if getattr(row, column) is None:
                raise InputError(
                    f"{_where(row, column)}: the {kind} distribution needs low and high; {column} is empty.",
                    "Give the published range in low and high, or choose another distribution.",
                )


def _draw(row: Parameter, n: int, generator: np.random.Generator) -> np.ndarray:
    """``n`` draws of one row, clipped to the parameter's allowed range."""
    kind = row.distribution
    if kind == "normal":
        draws = generator.normal(row.value, row.sd, n)
    elif kind == "lognormal":
        draws = generator.lognormal(math.log(row.value), row.sd, n)
    elif kind == "uniform":
        draws = generator.uniform(row.low, row.high, n) if row.high > row.low else np.full(n, row.value)
    elif kind == "triangular":
        draws = (
            generator.triangular(row.low, row.value, row.high, n) if row.high > row.low else np.full(n, row.value)
        )
    else:
        draws = np.full(n, row.value, dtype=float)
    spec = row.spec
    lowest = spec.minimum if spec.min_inclusive else np.nextafter(spec.minimum, math.inf)
    return np.clip(np.asarray(draws, dtype=float), lowest, spec.maximum)


# -- the effective table ------------------------------------------------------------------------


@dataclass
class EffectiveTable:
    """The parameter table a run uses, how it was built, and what it took from presets nobody named."""

    table: ParameterTable
    tables_used: list[str]
    """Preset ids and the own table's path, in merge order (a later one wins a row it shares)."""
    from_defaults: list[Parameter]
    """Every row of ``table`` taken from a preset the user did not name (for a warning)."""
    notes: list[str] = field(default_factory=list)
    """What the merge adjusted (e.g. a soil depth dropped with the soil stock it belonged to)."""

    def warning(self, limit: int = 12) -> str:
        """One message listing the values taken from unnamed presets ('' when there are none)."""
        if not self.from_defaults:
            return ""
        shown = "; ".join(
            f"{_subject_text(r)} {r.parameter}"
            + ("" if r.applies_to == "any" else f" ({r.applies_to})")
            + f" = {_fmt(r.value)} {r.unit} from {r.table}"
            for r in self.from_defaults[:limit]
        )
        more = f" and {len(self.from_defaults) - limit} more" if len(self.from_defaults) > limit else ""
        return (f"{len(self.from_defaults)} value(s) come from default presets you did not choose: {shown}{more}. "
                "Name the presets you want, or choose 'my table only', to use only your own values.")


def effective_parameters(
    presets: Optional[Sequence[str]] = None,
    own_path: Union[str, os.PathLike, None] = None,
    own_only: bool = False,
) -> EffectiveTable:
    """The table a run uses: presets merged in order, then the user's own table on top (or it alone).

    ``presets`` None means the user named none: :data:`DEFAULT_PRESETS` are used and every value taken
    from them is listed in ``from_defaults``. A list (even empty) is what the user named. ``own_only``
    uses the own table alone, with nothing filled in. Soil stocks keep the depth of the table they come
    from (:meth:`ParameterTable.merge`).
    """
    own = load_parameters(own_path) if own_path not in (None, "") else None
    if own_only:
        if own is None:
            raise InputError("'My table only' was chosen but no parameter table was given.",
                             "Give the path of your parameter table, or untick 'my table only'.")
        return EffectiveTable(own, [str(own_path)], [], [])
    named = presets is not None
    ids = list(DEFAULT_PRESETS if presets is None else presets)
    if not ids and own is None:
        raise InputError("No parameter table: no preset was named and no own table given.",
                         f"Name presets (e.g. {', '.join(DEFAULT_PRESETS)}) or give your own table.")
    notes: list[str] = []
    table: Optional[ParameterTable] = None
    for preset in ids:
        loaded = load_parameters(preset)
        table = loaded if table is None else table.merge(loaded, notes)
    used = list(ids)
    if own is not None:
        table = own if table is None else table.merge(own, notes)
        used.append(str(own_path))
    if table is None:  # unreachable: ids or own is non-empty (checked above)
        raise InputError("No parameter table.", "Name presets or give your own table.")
    own_name = own.name if own is not None else None
    from_defaults = [] if named else [r for r in table if r.table != own_name and r.table in ids]
    return EffectiveTable(table, used, from_defaults, notes)


# -- small helpers ------------------------------------------------------------------------------


def _infer_distribution(sd: object, low: object, high: object) -> str:
    """The distribution of a row that names none: normal with an sd, triangular with low and high, else fixed."""
    if sd is not None and sd != 0:
        return "normal"
    if low is not None and high is not None:
        return "triangular"
    return "fixed"


def _number(text: str, origin: str, column: str, required: bool = False) -> Optional[float]:
    """The float in a cell, None for an empty optional cell; InputError otherwise."""
    text = text.strip()
    if not text:
        if required:
            raise InputError(f"{_cap(origin)}, column '{column}' is empty.", "Write the central value as a number.")
        return None
    return _as_float(text, origin, column)


def _as_float(value: object, origin: str, column: str) -> float:
    """``value`` as a finite float, or InputError naming where it came from."""
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(
            f"{_cap(origin)}, column '{column}': '{value}' is not a number.",
            "Write a plain number with a point as decimal separator (e.g. 1.62), without units.",
        ) from None
    if not math.isfinite(number):
        raise InputError(f"{_cap(origin)}, column '{column}': '{value}' is not a finite number.", "Write a finite number.")
    return number


def _norm_unit(text: str) -> str:
    return " ".join(text.replace("⁻¹", "-1").replace("⁻²", "-2").replace("²", "2").lower().split())


def _canonical_unit(text: str, parameter: str) -> Optional[str]:
    """The canonical unit of ``parameter`` if ``text`` spells it (or an accepted alias), else None."""
    spec = PARAMETERS.get(parameter)
    if spec is None:
        return None
    norm = _norm_unit(text)
    if norm == _norm_unit(spec.unit) or UNIT_ALIASES.get(norm) == spec.unit:
        return spec.unit
    return None


CO2_PER_C = 44.0 / 12.0
"""t CO₂ per t C: the ratio of molar masses (44.01 / 12.011 ≈ 3.664; IPCC uses 44/12). The one owner of the
conversion: the sink, the change, the valuation, the flows' demand measure and the reports import it."""
C_PER_CO2 = 12.0 / 44.0
"""t C per t CO₂ (IPCC's 12/44), the inverse of :data:`CO2_PER_C`."""


def _co2_unit(text: str, parameter: str) -> Optional[str]:
    """The canonical (carbon) unit of ``parameter`` when ``text`` spells it in CO₂ or CO₂e, else None."""
    spec = PARAMETERS.get(parameter)
    if spec is None or not spec.unit.startswith("t C/ha"):
        return None
    norm = _norm_unit(text).replace("co₂", "co2").replace("co2e", "co2").replace("co2-eq", "co2")
    as_carbon = norm.replace("co2", "c")
    if "co2" not in norm:
        return None
    return spec.unit if _canonical_unit(as_carbon, parameter) == spec.unit else None


def _subject_text(row: Parameter) -> str:
    return f"class {row.cls}" if row.cls is not None else row.ecosystem


def _check_biomass_pools(rows: Sequence[Parameter]) -> None:
    """InputError when biomass_stock (InVEST's one biomass pool) is given beside above-/belowground rows."""
    split = {(r.subject, r.applies_to) for r in rows
             if r.parameter in ("aboveground_biomass_stock", "belowground_biomass_stock")}
    for r in rows:
        if r.parameter == "biomass_stock" and (r.subject, r.applies_to) in split:
            raise InputError(
                f"{_where(r, 'parameter')}: biomass_stock of {_subject_text(r)} is given beside its aboveground or "
                "belowground biomass stock; the biomass would be counted twice.",
                "Give either biomass_stock (above- and belowground together) or the two separate rows.",
            )


def _unit_of(parameter: str) -> str:
    spec = PARAMETERS.get(parameter)
    return spec.unit if spec else "<unit>"


def _range_text(spec: ParameterSpec) -> str:
    lo = "−∞" if spec.minimum == -math.inf else _fmt(spec.minimum)
    hi = "∞" if spec.maximum == math.inf else _fmt(spec.maximum)
    left = "[" if spec.min_inclusive else "("
    return f"{left}{lo}, {hi}{']' if spec.maximum != math.inf else ')'}"


def _fmt(number: Optional[float]) -> str:
    """A number written so that float() reads it back exactly ('' for None)."""
    if number is None:
        return ""
    if float(number).is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(float(number))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _where(row: Parameter, column: str) -> str:
    """'Line 7 of parameter table 'x.csv', column 'value'' (or the row's other origin)."""
    origin = row.origin or f"row {row.parameter} of {_subject_text(row)}"
    return f"{_cap(origin)}, column '{column}'"


__all__ = [
    "APPLIES_TO",
    "APPLIES_TO_TEXT",
    "CLASS_ECOSYSTEMS",
    "COLUMNS",
    "DEFAULT_PRESETS",
    "EffectiveTable",
    "STATUSES",
    "STATUS_APPLIES_TO",
    "effective_parameters",
    "DEFAULT_SOIL_DEPTH_M",
    "DISTRIBUTIONS",
    "ECOSYSTEMS",
    "META_KEYS",
    "PARAMETERS",
    "Parameter",
    "ParameterSpec",
    "ParameterTable",
    "load_parameters",
    "parse_parameters",
    "preset_ids",
    "preset_path",
]

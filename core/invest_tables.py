"""InVEST Coastal Blue Carbon's own tables, read as they are, and converted to the plugin's tables.

InVEST 3.20.2's model (``natcap.invest.coastal_blue_carbon``) takes four tables; their columns and units
are those of its MODEL_SPEC:

- **biophysical table**, one row per land-cover code (``lucode``; ``code`` in some versions) with
  ``lulc-class`` (a unique name), ``biomass-initial``, ``soil-initial``, ``litter-initial`` (stocks,
  "megatonne/hectare", described as CO2E: Mg CO₂e/ha), ``biomass-``/``soil-yearly-accumulation`` and
  ``litter-yearly-accumulation`` (Mg CO₂e/ha/yr), ``biomass-``/``soil-half-life`` (years; InVEST
  takes a half-life of 0 as "no emission from that pool") and ``biomass-``/``soil-low-``,
  ``-med-``, ``-high-impact-disturb`` (shares of the stock, 0-1). Stocks and rates are converted to
  t C with t C = t CO₂e × 12/44 (``units="t CO2e"``, the default) or taken as they are
  (``units="t C"``, for tables already written in carbon). Mg = t.
- **landcover transitions table**: ``lulc-class`` then one column per destination class, cells
  ``accum``, ``low-/med-/high-impact-disturb``, ``NCC`` or empty; classes named by their
  ``lulc-class`` name (or code).
- **snapshot table**: ``snapshot_year,raster_path``, paths relative to the CSV. Read here in year order,
  each year with its own raster. (InVEST 3.20.2 pairs the rasters with a Python *set* of years, so for
  some year lists, e.g. 1995/2005/2020, it runs the rasters in the wrong order without a word.)
- **price table**: ``year,price``, price per Mg CO₂e = per t CO₂e: the plugin's own price-table format.

:func:`convert_invest_tables` writes the plugin's own legend, parameter table (class rows, one per
lucode and parameter, applies_to ``any``), transition table and snapshot list; the change engine gives
the same numbers from either.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Union

from .change.transitions import TransitionTable, parse_transition_table
from .csvtable import read_table_file
from .errors import InputError
from .legend import ECOSYSTEMS as LEGEND_ECOSYSTEMS, Legend, LegendEntry
from .parameters import C_PER_CO2, Parameter, ParameterTable
from .valuation import read_price_table

PathLike = Union[str, os.PathLike]

STOCK_COLUMNS: dict[str, str] = {
    "biomass-initial": "biomass_stock",
    "soil-initial": "soil_stock",
    "litter-initial": "litter_stock",
}
"""InVEST's stock columns (Mg CO₂e/ha) → the plugin's parameters (t C/ha)."""

RATE_COLUMNS: dict[str, str] = {
    "biomass-yearly-accumulation": "biomass_accumulation",
    "soil-yearly-accumulation": "soil_accumulation",
    "litter-yearly-accumulation": "litter_accumulation",
}
"""InVEST's accumulation columns (Mg CO₂e/ha/yr) → the plugin's parameters (t C/ha/yr)."""

OTHER_COLUMNS: dict[str, str] = {
    "biomass-half-life": "biomass_half_life",
    "soil-half-life": "soil_half_life",
    **{f"{pool}-{level}-impact-disturb": f"{pool}_disturbance_{level}"
       for pool in ("biomass", "soil") for level in ("low", "med", "high")},
}
"""InVEST's half-lives (years) and disturbance shares (0-1) → the plugin's parameters (no conversion)."""

UNITS: dict[str, float] = {"t co2e": C_PER_CO2, "mg co2e": C_PER_CO2, "t c": 1.0, "mg c": 1.0}
"""Units a biophysical table's stocks and rates may be read in, and the factor to t C."""


@dataclass
class InvestBiophysical:
    """A biophysical table read: its classes (code → name) and the parameter table in t C."""

    names: dict[int, str]
    parameters: ParameterTable
    factor: float
    """t C per unit of the table (12/44 for Mg CO₂e)."""


def read_biophysical_table(
    path: PathLike, units: str = "t CO2e", ecosystems: Optional[Mapping[int, str]] = None
) -> InvestBiophysical:
    """Read InVEST's biophysical table as it is: one class row per lucode and parameter, stocks and rates in t C.

    ``ecosystems`` (lucode → legend ecosystem) labels the rows; classes it does not name are left without an
    ecosystem. Half-lives of 0 are kept (no emission from that pool, as in InVEST).
    """
    path = Path(path)
    factor = UNITS.get(" ".join(units.replace("₂", "2").lower().split()))
    if factor is None:
        raise InputError(f"'{units}' is not a unit of InVEST's biophysical table.",
                         "Give t CO2e (InVEST's unit, the default) or t C (a table already in carbon).")
    text = read_table_file(path, "biophysical table")
    reader = list(csv.reader(io.StringIO(text)))
    rows = [(i, r) for i, r in enumerate(reader, start=1) if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise InputError(f"The biophysical table '{path.name}' has no rows.",
                         "Give InVEST's header (lucode, lulc-class, biomass-initial, ...) and one row per class.")
    header = [h.strip().lower() for h in rows[0][1]]
    code_column = "lucode" if "lucode" in header else "code" if "code" in header else None
    needed = ["lulc-class", *STOCK_COLUMNS, *RATE_COLUMNS, *OTHER_COLUMNS]
    missing = ([] if code_column else ["lucode"]) + [c for c in needed if c not in header]
    if missing:
        raise InputError(
            f"Line {rows[0][0]} of biophysical table '{path.name}' lacks the column(s) {', '.join(missing)}.",
            "Use InVEST Coastal Blue Carbon's biophysical table (its preprocessor writes a template).",
        )
    unit_text = "Mg CO2e" if factor != 1.0 else "t C"
    names: dict[int, str] = {}
    params: list[Parameter] = []
    ecosystems = ecosystems or {}
    for line_no, cells in rows[1:]:
        cell = dict(zip(header, (c.strip() for c in cells)))
        origin = f"line {line_no} of biophysical table '{path.name}'"
        code = _integer(cell.get(code_column, ""), origin, code_column)
        if code in names:
            raise InputError(f"{origin.capitalize()}: lucode {code} appears twice.", "Give each lucode one row.")
        names[code] = cell.get("lulc-class", "") or str(code)
        eco = ecosystems.get(code, "")
        for column, parameter in (*STOCK_COLUMNS.items(), *RATE_COLUMNS.items(), *OTHER_COLUMNS.items()):
            raw = _number(cell.get(column, ""), origin, column)
            convert = column in STOCK_COLUMNS or column in RATE_COLUMNS
            value = raw * factor if convert else raw
            unit = {"biomass_stock": "t C/ha", "soil_stock": "t C/ha", "litter_stock": "t C/ha"}.get(parameter)
            unit = unit or ("t C/ha/yr" if column in RATE_COLUMNS else "yr" if "half-life" in column else "fraction")
            if convert and factor != 1.0:
                per = "/ha/yr" if column in RATE_COLUMNS else "/ha"
                note = f"InVEST {column} = {raw:g} {unit_text}{per}; × 12/44 = {value:.6g} {unit}."
            elif column.endswith("half-life") and raw == 0:
                note = f"InVEST {column} = 0: that pool is not emitted (InVEST's meaning of a zero half-life)."
            else:
                note = f"InVEST {column} = {raw:g}."
            params.append(Parameter(
                ecosystem=eco, parameter=parameter, value=value, unit=unit, source=f"InVEST biophysical table {path.name}",
                note=note, user_defined=True, origin=origin, cls=code, table=path.stem,
            ))
    table = ParameterTable(params, {"title": f"InVEST biophysical table {path.name}",
                                    "source": str(path),
                                    "note": f"Read from InVEST Coastal Blue Carbon's biophysical table; stocks and rates "
                                            f"in {unit_text}"
                                            + (", converted with t C = t CO2e × 12/44." if factor != 1.0 else ".")},
                           name=path.stem, path=str(path))
    return InvestBiophysical(names, table, factor)


def invest_legend(biophysical: InvestBiophysical, ecosystems: Optional[Mapping[int, str]] = None,
                  title: str = "InVEST classes") -> Legend:
    """A legend of the biophysical table's classes (value, lulc-class name, ecosystem; non_habitat when not given)."""
    ecosystems = ecosystems or {}
    for code, eco in ecosystems.items():
        if eco not in LEGEND_ECOSYSTEMS:
            raise InputError(f"'{eco}' (class {code}) is not a legend ecosystem.", f"Use one of {', '.join(LEGEND_ECOSYSTEMS)}.")
    entries = [LegendEntry(code, name, ecosystems.get(code, "non_habitat")) for code, name in biophysical.names.items()]
    return Legend(entries, title=title, source="InVEST biophysical table")


def read_invest_transitions(path: PathLike, legend: Legend) -> TransitionTable:
    """Read InVEST's landcover transitions table (classes by lulc-class name or code)."""
    path = Path(path)
    table = parse_transition_table(read_table_file(path, "transition table"), path.name, legend)
    table.origin = str(path)
    return table


def read_snapshot_csv(path: PathLike) -> list[tuple[int, str]]:
    """(year, raster path) of InVEST's snapshot table, sorted by year; each year keeps its own raster.

    Relative paths are taken relative to the CSV's folder (as InVEST does).
    """
    path = Path(path)
    text = read_table_file(path, "snapshot table")
    rows = [(i, r) for i, r in enumerate(csv.reader(io.StringIO(text)), start=1) if any(c.strip() for c in r)]
    if not rows:
        raise InputError(f"The snapshot table '{path.name}' is empty.", "Give the header snapshot_year,raster_path.")
    header = [h.strip().lower() for h in rows[0][1]]
    if "snapshot_year" not in header or "raster_path" not in header:
        raise InputError(f"Line {rows[0][0]} of snapshot table '{path.name}': the header must have snapshot_year and "
                         f"raster_path (it has {','.join(header)}).", "Use InVEST's header snapshot_year,raster_path.")
    iy, ip = header.index("snapshot_year"), header.index("raster_path")
    out: dict[int, str] = {}
    for line_no, cells in rows[1:]:
        origin = f"line {line_no} of snapshot table '{path.name}'"
        year = _integer(cells[iy] if iy < len(cells) else "", origin, "snapshot_year")
        if year in out:
            raise InputError(f"{origin.capitalize()}: the year {year} appears twice.", "Give each year one raster.")
        raster = (cells[ip] if ip < len(cells) else "").strip()
        if not raster:
            raise InputError(f"{origin.capitalize()}, column 'raster_path' is empty.", "Give the raster of that year.")
        full = Path(raster) if Path(raster).is_absolute() else path.parent / raster
        out[year] = str(full)
    return sorted(out.items())


read_invest_price_table = read_price_table
"""InVEST's price table (``year,price``, price per Mg CO₂e = per t CO₂e) is the plugin's own format."""


@dataclass
class ConvertedInvestCase:
    """The plugin's own tables made from InVEST's, and where they were written."""

    legend: Legend
    parameters: ParameterTable
    transitions: Optional[TransitionTable]
    years: list[int]
    paths: list[str]
    files: dict[str, str]


def convert_invest_tables(
    biophysical_path: PathLike,
    out_dir: PathLike,
    transitions_path: Optional[PathLike] = None,
    snapshots_path: Optional[PathLike] = None,
    units: str = "t CO2e",
    ecosystems: Optional[Mapping[int, str]] = None,
) -> ConvertedInvestCase:
    """Write the plugin's legend.csv, parameters.csv, transitions.csv and snapshots.csv from InVEST's tables.

    ``ecosystems`` (lucode → legend ecosystem) says which classes are mangrove, salt marsh, seagrass …;
    classes it leaves out are ``non_habitat`` in the legend. Parameters are class rows (``class`` column =
    lucode) in t C; the snapshot list is ``year,path`` in year order with absolute paths.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    bio = read_biophysical_table(biophysical_path, units, ecosystems)
    legend = invest_legend(bio, ecosystems)
    files = {"legend": str(out / "legend.csv"), "parameters": str(out / "parameters.csv")}
    with open(files["legend"], "w", encoding="utf-8", newline="") as handle:
        handle.write(f"# title: {legend.title}\n# source: converted from {Path(biophysical_path).name}\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["value", "name", "ecosystem"])
        for e in legend.entries:
            writer.writerow([e.value, e.name, e.ecosystem])
    bio.parameters.to_csv(files["parameters"])
    transitions = None
    if transitions_path is not None:
        transitions = read_invest_transitions(transitions_path, legend)
        files["transitions"] = str(out / "transitions.csv")
        transitions.to_csv(files["transitions"], legend)
    years: list[int] = []
    paths: list[str] = []
    if snapshots_path is not None:
        pairs = read_snapshot_csv(snapshots_path)
        years, paths = [y for y, _ in pairs], [str(Path(p).resolve()) for _, p in pairs]
        files["snapshots"] = str(out / "snapshots.csv")
        with open(files["snapshots"], "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["year", "path"])
            writer.writerows(zip(years, paths))
    from .legend import load_legend
    from .parameters import load_parameters

    return ConvertedInvestCase(load_legend(files["legend"]), load_parameters(files["parameters"]), transitions,
                               years, paths, files)


def _number(text: str, origin: str, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{origin.capitalize()}, column '{column}': '{text}' is not a number.",
                         "Write a plain number (InVEST's biophysical table has no empty cells).") from None
    return value


def _integer(text: str, origin: str, column: str) -> int:
    value = _number(str(text).strip(), origin, column)
    if not value.is_integer():
        raise InputError(f"{origin.capitalize()}, column '{column}': '{text}' is not a whole number.",
                         "Give whole numbers (land-cover codes, years).")
    return int(value)


__all__ = [
    "ConvertedInvestCase", "InvestBiophysical", "OTHER_COLUMNS", "RATE_COLUMNS", "STOCK_COLUMNS", "UNITS",
    "convert_invest_tables", "invest_legend", "read_biophysical_table", "read_invest_price_table",
    "read_invest_transitions", "read_snapshot_csv",
]

"""The assessment's results folder: one spec of its files, one reader, and the figures read from it.

:data:`RESULT_FILES` says, for every file ``bluecarbon:blueassessment`` writes, its name, the algorithm and
output key that write it, which dates have one, what it holds (English, marked for translation: the caller
translates), and whether it is added to the map (layer name, visible or not). The assessment names its child
algorithms' outputs from it (:func:`step_outputs`), lists the files in its report from it
(:func:`describe_files`), and the wizard adds the layers from it (:func:`map_layers`).

:func:`read_results` reads a folder back: the CSV tables are found by their columns (so a folder of the single
algorithms' outputs reads too), a year in a file name (``class_metrics_2035.csv``) or a ``date`` column tells
the dates apart, and patch areas come from a patch table or from the patch GeoPackages' attribute tables (read
with the standard library's sqlite3). :func:`assessment_data` turns what was read into the report's
:class:`core.report.AssessmentData`, whose :func:`core.report.headline` gives the key figures everywhere (report,
dashboard, the assessment's Processing outputs). No Qt here.
"""

from __future__ import annotations

import csv
import math
import os
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Callable, Optional

from .legend import BLUE_CARBON_ECOSYSTEMS
from .report.assessment import AssessmentData, DateResult
from .report.tables import Columns, is_number, number, read_csv_columns, row_where, rows


def translate(context: str, text: str) -> str:
    """Mark ``text`` for translation (scripts/i18n.py extracts it); the caller translates it when shown."""
    return text


# -- the spec ---------------------------------------------------------------------------------------

EACH_DATE = "each date"
"""A file per date: the first date's is ``<name>``, the second's ``<stem>_<year><ext>``."""
FIRST_DATE = "first date"
"""One file, of the first date."""
PER_RUN = "per run"
"""One file per run (the change between the dates, the flows, the report)."""
TWO_DATES = "two dates"
"""One file per run, written only when there are two dates."""


@dataclass(frozen=True)
class ResultFile:
    """One file of the assessment's folder."""

    name: str
    """File name (of the first date for a file per date)."""
    step: str
    """The algorithm (bluecarbon:<step>) that writes it, or 'blueassessment' for the assessment's own files."""
    output: str
    """The output key of that algorithm that writes it ('' for the assessment's own files)."""
    description: str
    """What it holds (English, marked for translation)."""
    dates: str = EACH_DATE
    layer: str = ""
    """Layer name when the wizard adds it to the map ('' = not added; English, marked for translation)."""
    visible: bool = False
    """Shown at once when added (the others are added unchecked)."""
    layer_rank: int = 0
    """Position in the layer group, top first."""

    @property
    def stem(self) -> str:
        return os.path.splitext(self.name)[0]

    def dated_name(self, suffix: str) -> str:
        """The file's name for a date suffix ('' or '_<year>')."""
        stem, ext = os.path.splitext(self.name)
        return f"{stem}{suffix}{ext}"


RESULT_FILES: tuple[ResultFile, ...] = (
    ResultFile("report.html", "blueassessment", "", translate("BlueCarbon", "this report"), PER_RUN),
    ResultFile("parameters.csv", "blueassessment", "",
               translate("BlueCarbon", "the carbon parameter table used, with sources"), PER_RUN),
    ResultFile("patches.gpkg", "patchfragmentation", "OUTPUT_PATCHES",
               translate("BlueCarbon", "patches of the blue-carbon classes with their FRAGSTATS metrics (styled by area)"),
               layer=translate("BlueCarbon", "Blue-carbon patches with fragmentation metrics"), visible=True,
               layer_rank=4),
    ResultFile("class_metrics.csv", "patchfragmentation", "OUTPUT_CLASS_TABLE",
               translate("BlueCarbon", "class metrics of every class")),
    ResultFile("landscape_metrics.csv", "patchfragmentation", "OUTPUT_LANDSCAPE_TABLE",
               translate("BlueCarbon", "landscape metrics")),
    ResultFile("sink_capacity.csv", "sinkcapacity", "OUTPUT_TABLE",
               translate("BlueCarbon", "stocks and sequestration per ecosystem, with 90 % intervals")),
    ResultFile("sink_patches.gpkg", "sinkcapacity", "OUTPUT_PATCHES",
               translate("BlueCarbon", "blue-carbon patches with their stocks and sequestration"), FIRST_DATE,
               translate("BlueCarbon", "Blue-carbon patches with their sink"), True, 3),
    ResultFile("sequestration.tif", "sinkcapacity", "OUTPUT_RASTER",
               translate("BlueCarbon", "sequestration rate (t C/ha/yr) and amount per cell (t C/yr)"), FIRST_DATE,
               translate("BlueCarbon", "Sequestration (t C/ha/yr)"), True, 5),
    ResultFile("change_periods.csv", "carbonchange", "OUTPUT_PERIODS",
               translate("BlueCarbon", "accumulation, emissions, net sequestration and NPV per period"), PER_RUN),
    ResultFile("change_stocks.csv", "carbonchange", "OUTPUT_STOCKS",
               translate("BlueCarbon", "carbon stocks per year"), PER_RUN),
    ResultFile("change_transition_areas.csv", "carbonchange", "OUTPUT_TRANSITION_AREAS",
               translate("BlueCarbon", "transition areas (ha)"), PER_RUN),
    ResultFile("change_transitions.csv", "carbonchange", "OUTPUT_TRANSITIONS",
               translate("BlueCarbon", "the transition table used (editable)"), PER_RUN),
    ResultFile("change_net_sequestration.tif", "carbonchange", "OUTPUT_NET_SEQUESTRATION",
               translate("BlueCarbon", "net sequestration per period and total (t C/ha)"), PER_RUN,
               translate("BlueCarbon", "Net sequestration between the dates (t C/ha)"), False, 6),
    ResultFile("change_accumulation.tif", "carbonchange", "OUTPUT_ACCUMULATION",
               translate("BlueCarbon", "accumulation per period and total (t C/ha)"), PER_RUN,
               translate("BlueCarbon", "Accumulation (t C/ha)"), False, 8),
    ResultFile("change_emissions.tif", "carbonchange", "OUTPUT_EMISSIONS",
               translate("BlueCarbon", "emissions per period and total (t C/ha)"), PER_RUN,
               translate("BlueCarbon", "Emissions (t C/ha)"), False, 9),
    ResultFile("change_gain_loss.tif", "carbonchange", "OUTPUT_GAIN_LOSS",
               translate("BlueCarbon", "stock gain or loss over the whole run (t C/ha)"), PER_RUN,
               translate("BlueCarbon", "Stock gain or loss (t C/ha)"), False, 7),
    ResultFile("flow_links.gpkg", "carbonserviceflow", "OUTPUT_LINKS",
               translate("BlueCarbon", "flow links patch → demand unit (t C/yr)"), PER_RUN,
               translate("BlueCarbon", "Carbon flows, patch → demand unit (t C/yr)"), True, 1),
    ResultFile("flow_patches.csv", "carbonserviceflow", "OUTPUT_PATCHES",
               translate("BlueCarbon", "supply and delivered flow per patch"), PER_RUN),
    ResultFile("flow_demand.csv", "carbonserviceflow", "OUTPUT_DEMAND",
               translate("BlueCarbon", "demand, received flow and balance per unit"), PER_RUN),
    ResultFile("flow_network.csv", "carbonserviceflow", "OUTPUT_NETWORK",
               translate("BlueCarbon", "flow totals and network indices"), PER_RUN),
    ResultFile("flow_balance.tif", "carbonserviceflow", "OUTPUT_BALANCE",
               translate("BlueCarbon", "supply–demand balance and ESDR"), PER_RUN,
               translate("BlueCarbon", "Supply–demand balance (t C/yr)"), False, 10),
    ResultFile("flow_units.gpkg", "carbonserviceflow", "OUTPUT_UNITS",
               translate("BlueCarbon", "demand units with their balance"), PER_RUN,
               translate("BlueCarbon", "Demand units with their balance"), False, 2),
    ResultFile("flow_change.csv", "carbonserviceflow", "OUTPUT_CHANGE",
               translate("BlueCarbon", "patch changes between the dates and their flows"), TWO_DATES),
    ResultFile("flow_decomposition.csv", "carbonserviceflow", "OUTPUT_DECOMPOSITION",
               translate("BlueCarbon", "change in attributed flow between the dates by channel: area, edge, reach, "
                                       "saturation, demand"), TWO_DATES),
    ResultFile("restoration_sites.gpkg", "restorationpriority", "OUTPUT_SITES",
               translate("BlueCarbon", "candidate restoration sites with their gains, rank, Pareto flag and portfolio "
                                       "pick"), PER_RUN,
               translate("BlueCarbon", "Restoration sites (ranked)"), False, 11),
    ResultFile("restoration_portfolio.csv", "restorationpriority", "OUTPUT_PORTFOLIO",
               translate("BlueCarbon", "the greedy restoration portfolio: sites picked and cumulative gains against "
                                       "the budget"), PER_RUN),
)
"""Every file of the assessment's folder (report_files/ holds the report's charts and maps)."""

REPORT = "report.html"
PARAMETERS = "parameters.csv"
REPORT_FILES = "report_files"
STYLE_DESCRIPTION = translate("BlueCarbon", "QGIS style of the raster of the same name")
REPORT_FILES_DESCRIPTION = translate("BlueCarbon", "charts and maps of this report (PNG)")

_BY_NAME = {f.name: f for f in RESULT_FILES}


def result_file(name: str) -> ResultFile:
    """The spec of a file by its (first date's) name."""
    return _BY_NAME[name]


def step_outputs(step: str, folder: str, date: int = 0, suffix: str = "", two_dates: bool = False) -> dict:
    """Output key → path of every file ``step`` writes into ``folder`` for date ``date`` (0 = the first)."""
    out = {}
    for f in RESULT_FILES:
        if f.step != step or not f.output:
            continue
        if date > 0 and f.dates != EACH_DATE or f.dates == TWO_DATES and not two_dates:
            continue
        out[f.output] = os.path.join(folder, f.dated_name(suffix if f.dates == EACH_DATE else ""))
    return out


def describe_files(folder: str, language: Callable[[str], str] = lambda s: s) -> list[tuple[str, str]]:
    """(name, description translated with ``language``) of every visible entry of ``folder``, report_files/ last."""
    files = []
    for name in sorted(os.listdir(folder)):
        if name.startswith(".") or name == REPORT_FILES:
            continue
        root, ext = os.path.splitext(name)
        head, _, year = root.rpartition("_")
        if name in _BY_NAME:
            description = language(_BY_NAME[name].description)
        elif year.isdigit() and head + ext in _BY_NAME:
            description = f"{language(_BY_NAME[head + ext].description)} ({year})"
        elif ext == ".qml":
            description = language(STYLE_DESCRIPTION)
        else:
            description = ""
        files.append((name, description))
    files.append((REPORT_FILES + "/", language(REPORT_FILES_DESCRIPTION)))
    return files


def map_layers(folder: str) -> list[tuple[str, ResultFile, str]]:
    """(path, spec, year or '') of the folder's files that go on the map, in layer-group order, top first."""
    names = set(os.listdir(folder)) if os.path.isdir(folder) else set()
    out = []
    for f in sorted((f for f in RESULT_FILES if f.layer), key=lambda f: f.layer_rank):
        stem, ext = os.path.splitext(f.name)
        years = sorted(n[len(stem) + 1:-len(ext)] for n in names
                       if f.dates == EACH_DATE and n.startswith(stem + "_") and n.endswith(ext)
                       and n[len(stem) + 1:-len(ext)].isdigit())
        for year in [""] + years:
            name = f.dated_name(f"_{year}" if year else "")
            if name in names:
                out.append((os.path.join(folder, name), f, year))
    return out


# -- reading a folder -------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")


@dataclass
class DateTables:
    """The tables of one land-cover date."""

    label: str
    sink: Columns = field(default_factory=dict)
    class_metrics: Columns = field(default_factory=dict)
    landscape: Columns = field(default_factory=dict)
    patch_areas: dict = field(default_factory=dict)  # ecosystem → list of patch areas (ha)


@dataclass
class AssessmentResults:
    """What :func:`read_results` found in a folder."""

    folder: str
    dates: list = field(default_factory=list)  # DateTables, in date order
    periods: Columns = field(default_factory=dict)
    stocks: Columns = field(default_factory=dict)
    transition_areas: Columns = field(default_factory=dict)
    flow_patches: Columns = field(default_factory=dict)
    flow_demand: Columns = field(default_factory=dict)
    flow_network: Columns = field(default_factory=dict)
    flow_decomposition: Columns = field(default_factory=dict)
    restoration_sites: Columns = field(default_factory=dict)
    restoration_portfolio: Columns = field(default_factory=dict)
    parameters_path: str = ""
    report_path: str = ""
    files: dict = field(default_factory=dict)  # kind → list of file names, for the user and the tests

    def date(self, k: int = 0) -> Optional[DateTables]:
        """The k-th date (None when there is none)."""
        return self.dates[k] if k < len(self.dates) else None


def table_kind(header: set) -> str:
    """Which table a CSV is, from its columns ('' for none the reader knows)."""
    if {"pick", "site_id", "cumulative_area_ha"} <= header:
        return "restoration_portfolio"
    if {"class", "CA_ha", "PLAND_pct"} <= header:
        return "class_metrics"
    if "TA_ha" in header and "class" not in header:
        return "landscape"
    if {"patch_id", "delivered_tC_yr", "supply_tC_yr"} <= header:
        return "flow_patches"
    if {"demand_tC_yr", "received_tC_yr"} <= header:
        return "flow_demand"
    if {"term", "change_tC_yr", "share_of_change"} <= header:
        return "flow_decomposition"
    if "indicator" in header and ("value" in header or "date_1" in header):
        return "flow_network"
    if {"period", "net_sequestration_tC"} <= header:
        return "periods"
    if {"year", "total_stock_tC"} <= header:
        return "stocks"
    if {"from_year", "to_year", "from_value", "total_ha"} <= header:
        return "transition_areas"
    if {"ecosystem", "area_ha", "sequestration_tC_yr"} <= header and "patch_id" not in header:
        return "sink"
    if "patch_id" in header and ("AREA_ha" in header or "area_ha" in header) and "ecosystem" in header:
        return "patches"
    if {"ecosystem", "parameter", "value", "unit"} <= header:
        return "parameters"
    return ""


def csv_header(path: str) -> list:
    """Column names of a CSV (after any ``# key: value`` lines)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        for line in f:
            if line.strip() and not line.lstrip().startswith("#"):
                return [c.strip() for c in next(csv.reader([line]))]
    return []


def year_of(name: str) -> str:
    """The last year (1800–2199) in a file name, '' without one."""
    found = _YEAR.findall(name)
    return found[-1] if found else ""


def _default_date_label(n: int) -> str:
    return f"date {n}"


def read_results(folder: str, date_label: Callable[[int], str] = _default_date_label) -> AssessmentResults:
    """Find and read the result tables in ``folder`` (OSError when it is no folder).

    ``date_label(n)`` names the n-th date when no year tells it (the dashboard passes a translated 'date n').
    """
    if not os.path.isdir(folder):
        raise OSError(f"'{folder}' is not a folder.")
    results = AssessmentResults(folder)
    per_date: dict[str, DateTables] = {}

    def date(label: str) -> DateTables:
        return per_date.setdefault(label, DateTables(label))

    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        low = name.lower()
        if low.endswith((".html", ".htm")) and not results.report_path:
            results.report_path = path
        if not low.endswith(".csv") or not os.path.isfile(path):
            continue
        try:
            kind = table_kind(set(csv_header(path)))
        except (OSError, UnicodeDecodeError, StopIteration):
            continue
        if not kind:
            continue
        results.files.setdefault(kind, []).append(name)
        if kind == "parameters":
            results.parameters_path = results.parameters_path or path
            continue
        table = read_csv_columns(path)
        label = year_of(name)
        if kind in ("sink", "class_metrics", "landscape"):
            setattr(date(label), kind, table)
        elif kind == "patches":
            _add_patch_areas(table, label, date, date_label)
        else:
            setattr(results, kind, table)
    if "" in per_date and len(per_date) > 1:
        # bluecarbon:blueassessment names the first date's files without a year and the second's with it
        first_year = _first_year(results.periods)
        undated = per_date.pop("")
        undated.label = first_year if first_year and first_year not in per_date else date_label(1)
        per_date[undated.label] = undated
    results.dates = sorted(per_date.values(), key=lambda d: (not d.label.isdigit(), d.label))
    if not any(d.patch_areas for d in results.dates):
        _patch_areas_from_layers(folder, results)
    _restoration_sites(folder, results)
    if results.flow_patches and not any(d.patch_areas for d in results.dates):
        # no patch table: the flow table's patches (blue carbon only), its date k being the k-th date
        named = {date_label(k + 1): d.label for k, d in enumerate(results.dates)}
        by_label = {d.label: d for d in results.dates}

        def dated(key: str) -> DateTables:
            key = named.get(key, key)
            if key not in by_label:
                by_label[key] = DateTables(key)
                results.dates.append(by_label[key])
            return by_label[key]

        _add_patch_areas(results.flow_patches, "", dated, date_label, only_blue=True)
    return results


def _first_year(periods: Columns) -> str:
    """Start year of the first period of a change table ('' without one)."""
    starts = [number(v) for v in (periods or {}).get("start_year", [])]
    starts = [v for v in starts if math.isfinite(v)]
    return str(int(min(starts))) if starts else ""


def gpkg_columns(path: str, wanted: tuple) -> Optional[dict]:
    """Columns ``wanted`` of the first feature table of a GeoPackage that has them all (None when none has)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")]
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            names = {r[1] for r in con.execute(f"PRAGMA table_info({quoted})")}
            if set(wanted) <= names:
                columns = ", ".join('"' + c.replace('"', '""') + '"' for c in wanted)
                # names come from the file's own catalogue and are quoted: no user text reaches the query
                records = con.execute(f"SELECT {columns} FROM {quoted}").fetchall()  # nosec B608
                return {c: [r[i] for r in records] for i, c in enumerate(wanted)}
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return None


SITE_COLUMNS = ("site_id", "rank", "area_ha", "sequestration_tCO2e_yr", "EC_gain_ha", "dPC_connector_pct", "cost",
                "score", "pareto", "in_portfolio", "pick_order")
"""The columns of a ranked restoration-site layer the report reads (``flow_gain_tC_yr`` too when present)."""


def _restoration_sites(folder: str, results: AssessmentResults) -> None:
    """The attribute table of the first GeoPackage holding ranked restoration sites, in rank order."""
    for name in sorted(os.listdir(folder)):
        if not name.lower().endswith(".gpkg"):
            continue
        path = os.path.join(folder, name)
        table = gpkg_columns(path, SITE_COLUMNS + ("flow_gain_tC_yr",)) or gpkg_columns(path, SITE_COLUMNS)
        if table is None:
            continue
        order = sorted(range(len(table["rank"])), key=lambda k: number(table["rank"][k]))
        results.restoration_sites = {c: [v[k] for k in order] for c, v in table.items()}
        results.files.setdefault("restoration_sites", []).append(name)
        return


def _patch_areas_from_layers(folder: str, results: AssessmentResults) -> None:
    """Patch areas from the fragmentation patch layers (patches*.gpkg with AREA_ha and ecosystem fields)."""
    first = results.dates[0].label if results.dates else ""
    for name in sorted(os.listdir(folder)):
        if not (name.lower().startswith("patches") and name.lower().endswith(".gpkg")):
            continue
        table = gpkg_columns(os.path.join(folder, name), ("ecosystem", "AREA_ha"))
        if table is None:
            continue
        label = year_of(name) or first
        target = next((d for d in results.dates if d.label == label), None)
        if target is None:
            target = DateTables(label)
            results.dates.append(target)
        for eco, area in zip(table["ecosystem"], table["AREA_ha"]):
            value = number(area)
            if math.isfinite(value):
                target.patch_areas.setdefault(str(eco), []).append(value)
        results.files.setdefault("patch_layers", []).append(name)


def _add_patch_areas(table: Columns, label: str, date: Callable[[str], DateTables], date_label: Callable[[int], str],
                     only_blue: bool = False) -> None:
    """Patch areas (ha) per ecosystem, split by the ``date`` column when there is one."""
    area_key = "AREA_ha" if "AREA_ha" in table else "area_ha"
    dates = table.get("date")
    for i, record in enumerate(rows(table)):
        eco = str(record.get("ecosystem", ""))
        if only_blue and eco not in BLUE_CARBON_ECOSYSTEMS:
            continue
        key = label
        if dates is not None and is_number(dates[i]):
            key = label or date_label(int(number(dates[i])))
        area = number(record.get(area_key))
        if math.isfinite(area):
            date(key).patch_areas.setdefault(eco, []).append(area)


# -- the report's data ------------------------------------------------------------------------------


def assessment_data(results: AssessmentResults) -> AssessmentData:
    """What was read as the report's data (its tables; no inputs or settings): headline() reads it."""
    first = results.date(0)
    total = row_where(first.sink, "ecosystem", "total") if first is not None else None
    edge = number(total.get("edge_loss_tC_yr")) if total else math.nan
    currency = ""
    if first is not None and first.sink.get("currency"):
        currency = str(first.sink["currency"][0])
    dates = []
    for d in results.dates:
        date = DateResult(d.label, "")
        date.class_metrics, date.landscape_metrics, date.sink = d.class_metrics, d.landscape, d.sink
        date.patch_areas = d.patch_areas
        dates.append(date)
    return AssessmentData(
        dates=dates,
        change_periods=results.periods or None,
        change_stocks=results.stocks or None,
        change_transition_areas=results.transition_areas or None,
        flow_patches=results.flow_patches or None,
        flow_demand=results.flow_demand or None,
        flow_network=results.flow_network or None,
        flow_decomposition=results.flow_decomposition or None,
        restoration_sites=results.restoration_sites or None,
        restoration_portfolio=results.restoration_portfolio or None,
        currency=currency,
        edge_effect=math.isfinite(edge) and edge > 0,
    )


__all__ = [
    "AssessmentResults",
    "DateTables",
    "RESULT_FILES",
    "ResultFile",
    "assessment_data",
    "describe_files",
    "map_layers",
    "read_results",
    "result_file",
    "step_outputs",
]

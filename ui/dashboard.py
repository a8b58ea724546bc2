"""Results dashboard: key totals, class metrics and charts of an assessment's output folder.

:func:`read_results` finds the tables an assessment wrote (the CSV files of
``bluecarbon:blueassessment``, or of the single algorithms saved in one folder) by their columns, so
it does not depend on file names; a year in a file name (``class_metrics_2035.csv``) or a ``date``
column tells the dates apart. :class:`DashboardWidget` shows them: key totals (with their 90 %
intervals), the class metrics table, and charts drawn with matplotlib's Qt canvas, each exportable
as PNG or SVG. :class:`ResultsDock` puts the widget in a QGIS dock.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, Qt, QUrl, pyqtSignal
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.legend import BLUE_CARBON_ECOSYSTEMS
from ..core.report.formatting import fmt_interval, fmt_number
from ..core.report.tables import Columns, is_number, number, read_csv_columns, rows
from .common import ECOSYSTEM_COLORS, ecosystem_label, no_geometry_flag, tr

DATE_COLOURS = ("#2c7fb8", "#f28e2b", "#59a14f", "#b07aa1")

CLASS_COLUMNS = (
    ("CA_ha", "CA (ha)"), ("PLAND_pct", "PLAND (%)"), ("NP", "NP"), ("PD_per_100ha", "PD (/100 ha)"),
    ("LPI_pct", "LPI (%)"), ("ED_m_per_ha", "ED (m/ha)"), ("AREA_MN_ha", "AREA_MN (ha)"),
    ("AREA_AM_ha", "AREA_AM (ha)"), ("SHAPE_MN", "SHAPE_MN"), ("ENN_MN_m", "ENN_MN (m)"), ("CAI_MN_pct", "CAI_MN (%)"),
    ("COHESION", "COHESION"), ("DIVISION", "DIVISION"), ("MESH_ha", "MESH (ha)"), ("AI_pct", "AI (%)"),
)
"""Class metrics the table shows (column of the class table, header)."""

DATE_METRICS = (
    ("NP", "NP"), ("AREA_MN_ha", "AREA_MN (ha)"), ("LPI_pct", "LPI (%)"), ("ED_m_per_ha", "ED (m/ha)"),
    ("MESH_ha", "MESH (ha)"), ("COHESION", "COHESION"), ("AI_pct", "AI (%)"), ("CA_ha", "CA (ha)"),
)
"""Fragmentation metrics compared between dates in the chart."""

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")


# -- reading an output folder -------------------------------------------------------------------


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
    flow_patches: Columns = field(default_factory=dict)
    flow_demand: Columns = field(default_factory=dict)
    flow_network: Columns = field(default_factory=dict)
    parameters_path: str = ""
    report_path: str = ""
    files: dict = field(default_factory=dict)  # kind → list of file names, for the user and the tests

    def date(self, k: int = 0) -> Optional[DateTables]:
        """The k-th date (None when there is none)."""
        return self.dates[k] if k < len(self.dates) else None


def _kind(header: set) -> str:
    """Which table a CSV is, from its columns."""
    if {"class", "CA_ha", "PLAND_pct"} <= header:
        return "class_metrics"
    if "TA_ha" in header and "class" not in header:
        return "landscape"
    if {"patch_id", "delivered_tC_yr", "supply_tC_yr"} <= header:
        return "flow_patches"
    if {"demand_tC_yr", "received_tC_yr"} <= header:
        return "flow_demand"
    if "indicator" in header and ("value" in header or "date_1" in header):
        return "flow_network"
    if {"period", "net_sequestration_tC"} <= header:
        return "periods"
    if {"year", "total_stock_tC"} <= header:
        return "stocks"
    if {"ecosystem", "area_ha", "sequestration_tC_yr"} <= header and "patch_id" not in header:
        return "sink"
    if "patch_id" in header and ("AREA_ha" in header or "area_ha" in header) and "ecosystem" in header:
        return "patches"
    if {"ecosystem", "parameter", "value", "unit"} <= header:
        return "parameters"
    return ""


def _header(path: str) -> list:
    """Column names of a CSV (after any ``# key: value`` lines)."""
    import csv

    with open(path, newline="", encoding="utf-8-sig") as f:
        for line in f:
            if line.strip() and not line.lstrip().startswith("#"):
                return [c.strip() for c in next(csv.reader([line]))]
    return []


def _year_of(name: str) -> str:
    found = _YEAR.findall(name)
    return found[-1] if found else ""


def _date_label(n: int) -> str:
    """The label of the n-th date when no year tells it ('date 1', 'date 2', …)."""
    return tr("date {n}").format(n=n)


def read_results(folder: str) -> AssessmentResults:
    """Find and read the result tables in ``folder`` (raises OSError when it is no folder)."""
    if not os.path.isdir(folder):
        raise OSError(tr("'{0}' is not a folder.").format(folder))
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
            kind = _kind(set(_header(path)))
        except (OSError, UnicodeDecodeError, StopIteration):
            continue
        if not kind:
            continue
        results.files.setdefault(kind, []).append(name)
        if kind == "parameters":
            results.parameters_path = results.parameters_path or path
            continue
        table = read_csv_columns(path)
        label = _year_of(name)
        if kind in ("sink", "class_metrics", "landscape"):
            setattr(date(label), kind, table)
        elif kind == "patches":
            _add_patch_areas(table, label, date)
        elif kind == "flow_patches":
            results.flow_patches = table
        else:
            setattr(results, kind, table)
    if "" in per_date and len(per_date) > 1:
        # bluecarbon:blueassessment names the first date's files without a year and the second's with it
        first_year = _first_year(results.periods)
        undated = per_date.pop("")
        undated.label = first_year if first_year and first_year not in per_date else _date_label(1)
        per_date[undated.label] = undated
    results.dates = sorted(per_date.values(), key=lambda d: (not d.label.isdigit(), d.label))
    if not any(d.patch_areas for d in results.dates):
        _patch_areas_from_layers(folder, results)
    if results.flow_patches and not any(d.patch_areas for d in results.dates):
        # no patch table: the flow table's patches (blue carbon only), its date k being the k-th date
        named = {_date_label(k + 1): d.label for k, d in enumerate(results.dates)}
        by_label = {d.label: d for d in results.dates}

        def dated(key: str) -> DateTables:
            key = named.get(key, key)
            if key not in by_label:
                by_label[key] = DateTables(key)
                results.dates.append(by_label[key])
            return by_label[key]

        _add_patch_areas(results.flow_patches, "", dated, only_blue=True)
    return results


def _first_year(periods: Columns) -> str:
    """Start year of the first period of a change table ('' without one)."""
    starts = [number(v) for v in (periods or {}).get("start_year", [])]
    starts = [v for v in starts if math.isfinite(v)]
    return str(int(min(starts))) if starts else ""


def _patch_areas_from_layers(folder: str, results: AssessmentResults) -> None:
    """Patch areas from the fragmentation patch layers (patches*.gpkg with AREA_ha and ecosystem fields)."""
    from qgis.core import QgsFeatureRequest, QgsVectorLayer

    first = results.dates[0].label if results.dates else ""
    for name in sorted(os.listdir(folder)):
        if not (name.lower().startswith("patches") and name.lower().endswith(".gpkg")):
            continue
        layer = QgsVectorLayer(os.path.join(folder, name), "patches", "ogr")
        if not layer.isValid() or layer.fields().indexOf("AREA_ha") < 0 or layer.fields().indexOf("ecosystem") < 0:
            continue
        label = _year_of(name) or first
        target = next((d for d in results.dates if d.label == label), None)
        if target is None:
            target = DateTables(label)
            results.dates.append(target)
        request = QgsFeatureRequest().setFlags(no_geometry_flag()).setSubsetOfAttributes(
            ["ecosystem", "AREA_ha"], layer.fields())
        for feature in layer.getFeatures(request):
            area = number(feature["AREA_ha"])
            if math.isfinite(area):
                target.patch_areas.setdefault(str(feature["ecosystem"]), []).append(area)
        results.files.setdefault("patch_layers", []).append(name)
        del layer


def _add_patch_areas(table: Columns, label: str, date: Callable[[str], DateTables], only_blue: bool = False) -> None:
    """Patch areas (ha) per ecosystem, split by the ``date`` column when there is one."""
    area_key = "AREA_ha" if "AREA_ha" in table else "area_ha"
    dates = table.get("date")
    for i, record in enumerate(rows(table)):
        eco = str(record.get("ecosystem", ""))
        if only_blue and eco not in BLUE_CARBON_ECOSYSTEMS:
            continue
        key = label
        if dates is not None and is_number(dates[i]):
            key = label or _date_label(int(number(dates[i])))
        area = number(record.get(area_key))
        if math.isfinite(area):
            date(key).patch_areas.setdefault(eco, []).append(area)


# -- key totals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    """A key figure: value, unit and optional 90 % interval."""

    key: str
    label: str
    value: float
    unit: str = ""
    low: float = math.nan
    high: float = math.nan


def key_totals(results: AssessmentResults) -> list[Total]:
    """The headline numbers: sink totals of the first date, net change over the periods, flows."""
    totals: list[Total] = []
    first = results.date(0)
    total = _row(first.sink, "ecosystem", "total") if first else None
    when = f" ({first.label})" if first and first.label else ""
    if total:
        totals += [
            Total("blue_carbon_area_ha", tr("Blue-carbon area") + when, number(total.get("area_ha")), "ha"),
            Total("blue_carbon_patches", tr("Blue-carbon patches") + when, number(total.get("patches")), ""),
            Total("sequestration_tCO2e_yr", tr("Annual sequestration") + when, number(total.get("sequestration_tCO2e_yr")),
                  tr("t CO₂e/yr"), number(total.get("sequestration_tCO2e_yr_p05")), number(total.get("sequestration_tCO2e_yr_p95"))),
            Total("total_stock_tC", tr("Carbon stock") + when, number(total.get("total_stock_tC")), "t C",
                  number(total.get("total_stock_tC_p05")), number(total.get("total_stock_tC_p95"))),
        ]
        edge = number(total.get("edge_loss_tC_yr"))
        if math.isfinite(edge) and edge > 0:
            totals.append(Total("edge_loss_tC_yr", tr("Sequestration lost to patch edges"), edge, tr("t C/yr"),
                                number(total.get("edge_loss_tC_yr_p05")), number(total.get("edge_loss_tC_yr_p95"))))
        if is_number(total.get("value_per_yr")):
            totals.append(Total("value_per_yr", tr("Value of the annual sequestration"), number(total.get("value_per_yr")),
                                tr("per yr"), number(total.get("value_per_yr_p05")), number(total.get("value_per_yr_p95"))))
    totals = [t for t in totals if math.isfinite(t.value)]
    change = _row(results.periods, "period", "total")
    if change:
        span = f" ({change.get('start_year')}–{change.get('end_year')})"
        totals.append(Total("net_sequestration_tCO2e", tr("Net change of the stock") + span,
                            number(change.get("net_sequestration_tCO2e")), "t CO₂e",
                            number(change.get("net_sequestration_tCO2e_p05")), number(change.get("net_sequestration_tCO2e_p95"))))
        if is_number(change.get("npv_currency")):
            totals.append(Total("npv", tr("Net present value") + span, number(change.get("npv_currency")), "",
                                number(change.get("npv_currency_p05")), number(change.get("npv_currency_p95"))))
    network = _network(results.flow_network)
    if network:
        totals.append(Total("delivered_tC_yr", tr("Flow delivered to demand units"), number(network.get("delivered_tC_yr")), tr("t C/yr")))
        share = number(network.get("share_of_demand_met"))
        if math.isfinite(share):
            totals.append(Total("share_of_demand_met", tr("Share of demand met"), share * 100, "%"))
    return totals


def _row(table: Optional[Columns], column: str, value: str) -> Optional[dict]:
    for record in rows(table):
        if str(record.get(column)) == value:
            return record
    return None


def _network(table: Optional[Columns]) -> dict:
    if not table or "indicator" not in table:
        return {}
    column = "value" if "value" in table else "date_1"
    return {str(r["indicator"]): r.get(column) for r in rows(table)}


# -- charts ------------------------------------------------------------------------------------


def _canvas_class():
    """matplotlib's Qt canvas: backend_qtagg (matplotlib ≥ 3.5, Qt5 or Qt6), else backend_qt5agg."""
    try:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    except ImportError:  # matplotlib < 3.5 (Qt5 only)
        from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
    return FigureCanvasQTAgg


CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Droid Sans Fallback", "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB",
    "Heiti SC", "Arial Unicode MS",
)
"""Fonts with Chinese glyphs the charts fall back to (after DejaVu Sans), in order of preference."""

_CJK_FILES = re.compile(r"(?i)(notosanscjk|notosanssc|sourcehansans|wqy|droidsansfallback|msyh|simhei|pingfang|"
                        r"hiragino.*gb|arialuni)")
_fonts_ready = False


def _use_cjk_fonts() -> list:
    """Let matplotlib fall back to a CJK font for Chinese labels (no boxes); the CJK fonts found.

    font.sans-serif becomes DejaVu Sans (so Latin text looks as before), the CJK fonts installed, then the
    previous list; font.family gets the CJK fonts after its own: matplotlib ≥ 3.6 takes each glyph the
    first family lacks from the next family of font.family. Older matplotlib uses one font per text, so
    there the CJK font comes first in font.sans-serif when QGIS runs in Chinese. matplotlib's font cache
    may predate fonts installed later: the CJK font files it lacks are added to it.
    """
    global _fonts_ready
    from matplotlib import font_manager, rcParams

    manager = font_manager.fontManager
    known = {f.name for f in manager.ttflist}
    if not _fonts_ready and not any(name in known for name in CJK_FONTS):
        try:
            paths = [p for p in font_manager.findSystemFonts() if _CJK_FILES.search(os.path.basename(p))]
        except (OSError, RuntimeError, ValueError):  # pragma: no cover - no font listing on this system
            paths = []
        for path in paths:
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # pragma: no cover - an unreadable font file
                continue
        known = {f.name for f in manager.ttflist}
    _fonts_ready = True
    cjk = [name for name in CJK_FONTS if name in known]
    first = ["DejaVu Sans"]
    if cjk and not _glyph_fallback() and _chinese_ui():
        first = cjk[:1] + first
    wanted = list(dict.fromkeys(first + cjk + list(rcParams["font.sans-serif"])))
    if list(rcParams["font.sans-serif"]) != wanted:
        rcParams["font.sans-serif"] = wanted
    # the glyph fallback goes along font.family (its 'sans-serif' resolving to DejaVu Sans): append the CJK fonts
    family = [rcParams["font.family"]] if isinstance(rcParams["font.family"], str) else list(rcParams["font.family"])
    wanted = list(dict.fromkeys(family + cjk))
    if family != wanted:
        rcParams["font.family"] = wanted
    return cjk


def _glyph_fallback() -> bool:
    """True when matplotlib takes missing glyphs from the next font of the family list (≥ 3.6)."""
    import matplotlib

    try:
        major, minor = (int(part) for part in matplotlib.__version__.split(".")[:2])
    except ValueError:  # pragma: no cover - an unusual version string
        return True
    return (major, minor) >= (3, 6)


def _chinese_ui() -> bool:
    """True when QGIS runs in Chinese."""
    try:
        from qgis.core import QgsApplication

        locale = QgsApplication.locale()
    except (ImportError, AttributeError):  # pragma: no cover - outside QGIS
        from qgis.PyQt.QtCore import QLocale

        locale = QLocale().name()
    return str(locale or "").lower().startswith("zh")


def _style(ax) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=8)


def _errors(values, low, high):
    import numpy as np

    if not (np.isfinite(low).any() and np.isfinite(high).any()):
        return None
    return np.vstack([np.where(np.isfinite(low), np.maximum(values - low, 0), 0),
                      np.where(np.isfinite(high), np.maximum(high - values, 0), 0)])


def draw_sink(fig, results: AssessmentResults) -> bool:
    """Area (ha) and annual sequestration (t CO₂e/yr, p05–p95 error bars) per ecosystem, one bar per date."""
    import numpy as np

    per_date = [(d.label, [r for r in rows(d.sink) if str(r.get("ecosystem")) != "total"]) for d in results.dates]
    per_date = [(label, recs) for label, recs in per_date if recs]
    if not per_date:
        return False
    ecosystems = list(dict.fromkeys(str(r["ecosystem"]) for _, recs in per_date for r in recs))
    x = np.arange(len(ecosystems))
    width = 0.8 / len(per_date)
    panels = (("area_ha", None, None, tr("Area (ha)")),
              ("sequestration_tCO2e_yr", "sequestration_tCO2e_yr_p05", "sequestration_tCO2e_yr_p95",
               tr("Annual sequestration (t CO₂e/yr), 90 % interval")))
    for k, (key, low_key, high_key, title) in enumerate(panels):
        ax = fig.add_subplot(1, 2, k + 1)
        for d, (label, recs) in enumerate(per_date):
            by_eco = {str(r["ecosystem"]): r for r in recs}
            vals = np.array([number(by_eco.get(e, {}).get(key)) for e in ecosystems])
            err = None
            if low_key:
                err = _errors(vals, np.array([number(by_eco.get(e, {}).get(low_key)) for e in ecosystems]),
                              np.array([number(by_eco.get(e, {}).get(high_key)) for e in ecosystems]))
            colours = ([ECOSYSTEM_COLORS.get(e, "#888888") for e in ecosystems] if len(per_date) == 1
                       else DATE_COLOURS[d % len(DATE_COLOURS)])
            ax.bar(x + (d - (len(per_date) - 1) / 2) * width, np.nan_to_num(vals), width * 0.95, color=colours, yerr=err,
                   capsize=3, error_kw={"elinewidth": 0.9, "ecolor": "#333333"}, label=label or None)
        ax.set_xticks(x)
        ax.set_xticklabels([ecosystem_label(e) for e in ecosystems], fontsize=8)
        ax.set_title(title, fontsize=9)
        _style(ax)
        if len(per_date) > 1 and k == 0:
            ax.legend(fontsize=7, frameon=False)
    return True


def draw_patch_sizes(fig, results: AssessmentResults) -> bool:
    """Number of patches per size class (log bins) of each blue-carbon ecosystem, one line style per date."""
    import numpy as np

    series = []
    for d in results.dates:
        for eco, areas in d.patch_areas.items():
            if eco not in BLUE_CARBON_ECOSYSTEMS:
                continue
            a = np.array(areas, dtype=float)
            a = a[np.isfinite(a) & (a > 0)]
            if a.size:
                series.append((d.label, eco, a))
    if not series:
        return False
    lo = math.floor(math.log10(min(float(a.min()) for _, _, a in series)))
    hi = math.ceil(math.log10(max(float(a.max()) for _, _, a in series)))
    hi = max(hi, lo + 1)
    bins = np.logspace(lo, hi, 4 * (hi - lo) + 1)
    ax = fig.add_subplot(1, 1, 1)
    labels = list(dict.fromkeys(label for label, _, _ in series))
    for label, eco, a in series:
        counts, edges = np.histogram(a, bins=bins)
        name = ecosystem_label(eco) + (f" {label}" if len(labels) > 1 and label else "")
        ax.step(edges[:-1], counts, where="post", color=ECOSYSTEM_COLORS.get(eco, "#888888"),
                linestyle=("-", "--", ":", "-.")[labels.index(label) % 4], linewidth=1.4,
                label=tr("{name} ({count} patches)").format(name=name, count=a.size))
    ax.set_xscale("log")
    ax.set_xlabel(tr("Patch area (ha, log scale)"), fontsize=8)
    ax.set_ylabel(tr("Number of patches"), fontsize=8)
    ax.set_title(tr("Patch-size distribution"), fontsize=9)
    _style(ax)
    ax.legend(fontsize=7, frameon=False)
    return True


def draw_fragmentation_dates(fig, results: AssessmentResults) -> bool:
    """Class metrics of the blue-carbon classes at each date, one small panel per metric."""
    import numpy as np

    tables = [(d.label or _date_label(k + 1), d.class_metrics) for k, d in enumerate(results.dates) if d.class_metrics]
    if len(tables) < 2:
        return False
    classes, ecosystems = [], []
    for _, table in tables:
        for r in rows(table):
            key = (str(r.get("class")), str(r.get("name", r.get("class"))))
            if str(r.get("ecosystem")) in BLUE_CARBON_ECOSYSTEMS and key not in classes:
                classes.append(key)
                ecosystems.append(str(r.get("ecosystem")))
    if len(set(ecosystems)) == len(ecosystems):  # one class per ecosystem: the ecosystem names are shorter
        classes = [(code, ecosystem_label(eco)) for (code, _), eco in zip(classes, ecosystems)]
    metrics = [(k, t) for k, t in DATE_METRICS if all(k in table for _, table in tables)]
    if not classes or not metrics:
        return False
    ncols = 4
    nrows = math.ceil(len(metrics) / ncols)
    x = np.arange(len(classes))
    width = 0.8 / len(tables)
    for m, (key, title) in enumerate(metrics):
        ax = fig.add_subplot(nrows, ncols, m + 1)
        for d, (label, table) in enumerate(tables):
            by_class = {str(r.get("class")): r for r in rows(table)}
            vals = np.array([number(by_class.get(code, {}).get(key)) for code, _ in classes])
            ax.bar(x + (d - (len(tables) - 1) / 2) * width, np.nan_to_num(vals), width * 0.95,
                   color=DATE_COLOURS[d % len(DATE_COLOURS)], label=label)
        ax.set_title(title, fontsize=8)
        ax.set_xticks(x)
        ax.set_xticklabels([name for _, name in classes], fontsize=7)
        _style(ax)
        ax.tick_params(axis="y", labelsize=7)
        if m == 0:
            ax.legend(fontsize=7, frameon=False)
    return True


def draw_flow_patches(fig, results: AssessmentResults, n: int = 15) -> bool:
    """The n patches delivering the most carbon to demand units (t C/yr), unallocated supply stacked; first date."""
    import numpy as np

    recs = rows(results.flow_patches)
    if "date" in (results.flow_patches or {}) and recs:
        first = min(number(r["date"]) for r in recs)
        recs = [r for r in recs if number(r["date"]) == first]
    recs = [r for r in recs if is_number(r.get("delivered_tC_yr"))]
    if not recs:
        return False
    top = sorted(recs, key=lambda r: number(r["delivered_tC_yr"]), reverse=True)[:n][::-1]
    delivered = np.array([number(r["delivered_tC_yr"]) for r in top])
    unallocated = np.nan_to_num(np.array([number(r.get("unallocated_tC_yr")) for r in top]))
    y = np.arange(len(top))
    ax = fig.add_subplot(1, 1, 1)
    ax.barh(y, delivered, color=[ECOSYSTEM_COLORS.get(str(r.get("ecosystem")), "#888888") for r in top],
            label=tr("Delivered to demand units"))
    ax.barh(y, unallocated, left=delivered, color="#cccccc", label=tr("Unallocated (no unit in reach)"))
    ax.set_yticks(y)
    ax.set_yticklabels([tr("patch {id} ({ecosystem})").format(id=r.get("patch_id"),
                                                                 ecosystem=ecosystem_label(str(r.get("ecosystem", ""))))
                        for r in top], fontsize=7)
    ax.set_xlabel(tr("t C/yr"), fontsize=8)
    ax.set_title(tr("Top patches by delivered flow"), fontsize=9)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    return True


def draw_change(fig, results: AssessmentResults) -> bool:
    """Accumulation (+), emissions (−) and net sequestration with its interval per period (t CO₂e)."""
    import numpy as np

    recs = [r for r in rows(results.periods) if str(r.get("period")) != "total"]
    if not recs:
        return False
    x = np.arange(len(recs))
    col = lambda key: np.array([number(r.get(key)) for r in recs])  # noqa: E731
    net = col("net_sequestration_tCO2e")
    ax = fig.add_subplot(1, 1, 1)
    ax.bar(x - 0.2, np.nan_to_num(col("accumulation_tCO2e")), 0.38, color="#4d9221", label=tr("Accumulation"))
    ax.bar(x + 0.2, -np.nan_to_num(col("emissions_tCO2e")), 0.38, color="#c51b7d", label=tr("Emissions"))
    ax.errorbar(x, net, yerr=_errors(net, col("net_sequestration_tCO2e_p05"), col("net_sequestration_tCO2e_p95")),
                fmt="D", color="#111111", markersize=5, capsize=4, label=tr("Net sequestration (90 % interval)"))
    ax.axhline(0, color="#555555", linewidth=0.7)
    ax.set_xlim(-0.5 - 0.5 * max(0, 3 - len(recs)), len(recs) - 0.5 + 0.5 * max(0, 3 - len(recs)))
    ax.set_xticks(x)
    ax.set_xticklabels([str(r.get("period")) for r in recs], fontsize=8)
    ax.set_ylabel(tr("t CO₂e per period"), fontsize=8)
    ax.set_title(tr("Carbon change between dates"), fontsize=9)
    _style(ax)
    ax.legend(fontsize=7, frameon=False)
    return True


CHARTS = (
    ("sink", QT_TRANSLATE_NOOP("BlueCarbon", "Area and sequestration by ecosystem"), draw_sink, (8.0, 3.2)),
    ("patch_sizes", QT_TRANSLATE_NOOP("BlueCarbon", "Patch-size distribution"), draw_patch_sizes, (8.0, 3.2)),
    ("fragmentation_dates", QT_TRANSLATE_NOOP("BlueCarbon", "Fragmentation metrics between dates"),
     draw_fragmentation_dates, (8.0, 4.6)),
    ("change", QT_TRANSLATE_NOOP("BlueCarbon", "Carbon change between dates"), draw_change, (8.0, 3.2)),
    ("flow_patches", QT_TRANSLATE_NOOP("BlueCarbon", "Top patches by delivered flow"), draw_flow_patches, (8.0, 4.2)),
)
"""Charts of the dashboard: id, title, drawing function (figure, results) → drawn?, size in inches."""


class ChartPanel(QFrame):
    """One chart on a matplotlib Qt canvas, with its title and PNG / SVG export buttons."""

    def __init__(self, chart_id: str, title: str, size: tuple, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        from matplotlib.figure import Figure

        _use_cjk_fonts()
        self.chart_id = chart_id
        self.setObjectName(f"chart_{chart_id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.title = QLabel(f"<b>{title}</b>")
        bar.addWidget(self.title, 1)
        for fmt in ("png", "svg"):
            button = QPushButton(fmt.upper() + "…")
            button.setObjectName(f"export_{chart_id}_{fmt}")
            button.setToolTip(tr("Save this chart as {0}").format(fmt.upper()))
            button.clicked.connect(lambda _c=False, f=fmt: self._ask_export(f))
            bar.addWidget(button)
        layout.addLayout(bar)
        self.figure = Figure(figsize=size, dpi=100, facecolor="white")
        self.canvas = _canvas_class()(self.figure)
        self.canvas.setMinimumHeight(int(size[1] * 78))
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.canvas, 1)

    def draw(self, function, results: AssessmentResults) -> bool:
        """Draw the chart; False when the results hold nothing for it."""
        self.figure.clear()
        drawn = bool(function(self.figure, results))
        if drawn:
            try:
                self.figure.tight_layout()
            except ValueError:  # a degenerate layout: keep matplotlib's default
                pass
            self.canvas.draw()
        return drawn

    def export(self, path: str) -> str:
        """Save the chart as PNG or SVG (from the file extension; PNG when there is none)."""
        fmt = "svg" if path.lower().endswith(".svg") else "png"
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        self.figure.savefig(path, format=fmt, dpi=150, facecolor="white", bbox_inches="tight")
        return path

    def _ask_export(self, fmt: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save the chart"), f"{self.chart_id}.{fmt}", f"{fmt.upper()} (*.{fmt})"
        )
        if path:
            self.export(path)


class DashboardWidget(QWidget):
    """Key totals, class metrics and charts of an assessment's output folder.

    Main API: :meth:`load_folder`, :attr:`results`, :meth:`totals`, :meth:`chart_ids`,
    :meth:`export_chart`; ``folderLoaded`` is emitted after a folder was read.
    """

    folderLoaded = pyqtSignal(str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.results: Optional[AssessmentResults] = None
        self._totals: list[Total] = []
        self.charts: dict[str, ChartPanel] = {}
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.folder_label = QLabel(tr("No assessment loaded."))
        self.folder_label.setObjectName("dashboardFolder")
        self.folder_label.setWordWrap(True)
        bar.addWidget(self.folder_label, 1)
        self.open_button = QPushButton(tr("Open results…"))
        self.open_button.setToolTip(tr("Open the output folder of an assessment"))
        self.open_button.clicked.connect(self._ask_folder)
        bar.addWidget(self.open_button)
        self.report_button = QPushButton(tr("Open report"))
        self.report_button.setEnabled(False)
        self.report_button.clicked.connect(self._open_report)
        bar.addWidget(self.report_button)
        layout.addLayout(bar)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        # summary: key totals
        self.summary = QWidget()
        self.summary_grid = QGridLayout(self.summary)
        self.summary_grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.tabs.addTab(_scroll(self.summary), tr("Key totals"))
        # class metrics
        metrics = QWidget()
        metrics_layout = QVBoxLayout(metrics)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Date:")))
        self.date_combo = QComboBox()
        self.date_combo.currentIndexChanged.connect(self._fill_metrics)
        row.addWidget(self.date_combo)
        row.addStretch(1)
        metrics_layout.addLayout(row)
        self.metrics_table = QTableWidget()
        self.metrics_table.setObjectName("classMetricsTable")
        self.metrics_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.metrics_table.verticalHeader().setVisible(False)
        self.metrics_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        metrics_layout.addWidget(self.metrics_table, 1)
        self.tabs.addTab(metrics, tr("Class metrics"))
        # charts
        charts = QWidget()
        self.charts_layout = QVBoxLayout(charts)
        for chart_id, title, _function, size in CHARTS:
            panel = ChartPanel(chart_id, tr(title), size)
            self.charts[chart_id] = panel
            self.charts_layout.addWidget(panel)
        self.no_charts = QLabel(tr("Nothing to draw: open the output folder of an assessment."))
        self.charts_layout.addWidget(self.no_charts)
        self.charts_layout.addStretch(1)
        self.tabs.addTab(_scroll(charts), tr("Charts"))
        for panel in self.charts.values():
            panel.setVisible(False)

    # -- loading ------------------------------------------------------------------------------

    def load_folder(self, folder: str) -> AssessmentResults:
        """Read the tables in ``folder`` and show them (OSError when it is no folder)."""
        self.results = read_results(folder)
        self.folder_label.setText(tr("Results in {0}").format(folder))
        self.folder_label.setToolTip(folder)
        self.report_button.setEnabled(bool(self.results.report_path))
        self._totals = key_totals(self.results)
        self._fill_totals()
        self.date_combo.blockSignals(True)
        self.date_combo.clear()
        for k, d in enumerate(self.results.dates):
            if d.class_metrics:
                self.date_combo.addItem(d.label or _date_label(k + 1), k)
        self.date_combo.blockSignals(False)
        self._fill_metrics()
        drawn = 0
        for chart_id, _title, function, _size in CHARTS:
            visible = self.charts[chart_id].draw(function, self.results)
            self.charts[chart_id].setVisible(visible)
            drawn += visible
        self.no_charts.setVisible(drawn == 0)
        self.folderLoaded.emit(folder)
        return self.results

    def totals(self) -> list[Total]:
        """The key totals shown."""
        return list(self._totals)

    def chart_ids(self) -> list[str]:
        """Ids of the charts drawn for the loaded results."""
        return [c for c, panel in self.charts.items() if not panel.isHidden()]

    def export_chart(self, chart_id: str, path: str) -> str:
        """Save a drawn chart as PNG or SVG (by the extension of ``path``); returns the path written."""
        if chart_id not in self.chart_ids():
            raise KeyError(chart_id)
        return self.charts[chart_id].export(path)

    # -- filling ------------------------------------------------------------------------------

    def _fill_totals(self) -> None:
        while self.summary_grid.count():
            item = self.summary_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if not self._totals:
            self.summary_grid.addWidget(QLabel(tr("No sink, change or flow table in this folder.")), 0, 0)
            return
        for i, t in enumerate(self._totals):
            card = QFrame()
            card.setObjectName(f"total_{t.key}")
            card.setFrameShape(QFrame.Shape.StyledPanel)
            card.setStyleSheet("QFrame#total_%s { background: #f4f8f6; border-radius: 4px; }" % t.key)
            box = QVBoxLayout(card)
            label = QLabel(t.label)
            label.setWordWrap(True)
            value = QLabel(f"<span style='font-size:15pt; font-weight:600'>{fmt_number(t.value)}</span> {t.unit}")
            value.setObjectName("value")
            box.addWidget(label)
            box.addWidget(value)
            if math.isfinite(t.low) and math.isfinite(t.high) and t.high > t.low:
                interval = QLabel(tr("90 % interval: {0}").format(fmt_interval(t.low, t.high)))
                interval.setStyleSheet("color:#555555")
                box.addWidget(interval)
            box.addStretch(1)
            self.summary_grid.addWidget(card, i // 2, i % 2)

    def _fill_metrics(self) -> None:
        table = self.metrics_table
        table.clear()
        if self.results is None or self.date_combo.count() == 0:
            table.setRowCount(0)
            table.setColumnCount(0)
            return
        date = self.results.dates[self.date_combo.currentData()]
        metrics = date.class_metrics
        columns = [("class", tr("Value")), ("name", tr("Class")), ("ecosystem", tr("Ecosystem"))]
        columns += [(k, h) for k, h in CLASS_COLUMNS if k in metrics]
        records = rows(metrics)
        table.setColumnCount(len(columns))
        table.setRowCount(len(records))
        table.setHorizontalHeaderLabels([h for _, h in columns])
        for i, r in enumerate(records):
            blue = str(r.get("ecosystem")) in BLUE_CARBON_ECOSYSTEMS
            for j, (key, _h) in enumerate(columns):
                value = r.get(key)
                if key == "ecosystem":
                    text = ecosystem_label(str(value))
                elif key in ("class", "name"):
                    text = str(value)
                else:
                    text = fmt_number(value)
                item = QTableWidgetItem(text)
                if is_number(value):
                    item.setToolTip(repr(number(value)))
                if key not in ("name", "ecosystem"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if blue:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                table.setItem(i, j, item)

    # -- actions ------------------------------------------------------------------------------

    def _ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Open the output folder of an assessment"))
        if folder:
            try:
                self.load_folder(folder)
            except OSError as err:
                self.folder_label.setText(str(err))

    def _open_report(self) -> None:
        if self.results and self.results.report_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.results.report_path))


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


try:
    from qgis.gui import QgsDockWidget as _DockBase
except ImportError:  # pragma: no cover
    from qgis.PyQt.QtWidgets import QDockWidget as _DockBase


class ResultsDock(_DockBase):
    """The dashboard in a QGIS dock widget (``widget`` is the :class:`DashboardWidget`)."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(tr("Blue Carbon results"), parent)
        self.setObjectName("BlueCarbonResultsDock")
        self.dashboard = DashboardWidget(self)
        self.setWidget(self.dashboard)

    def load_folder(self, folder: str) -> AssessmentResults:
        """Show the results in ``folder``."""
        return self.dashboard.load_folder(folder)


__all__ = [
    "AssessmentResults",
    "ChartPanel",
    "DashboardWidget",
    "ResultsDock",
    "Total",
    "key_totals",
    "read_results",
]

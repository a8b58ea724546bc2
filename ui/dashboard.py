"""Results dashboard: key totals, class metrics and charts of an assessment's output folder.

:func:`read_results` finds the tables an assessment wrote (the CSV files of
``bluecarbon:blueassessment``, or of the single algorithms saved in one folder) by their columns, so
it does not depend on file names; a year in a file name (``class_metrics_2035.csv``) or a ``date``
column tells the dates apart. :class:`DashboardWidget` shows them: key totals (with their 90 %
intervals), the class metrics table, and the HTML report's charts (``core/report/charts.py``, in the
plugin's language) on matplotlib's Qt canvas, each exportable as PNG or SVG. :class:`ResultsDock` puts
the widget in a QGIS dock.
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
from ..core.report import charts
from ..core.report.assessment import DATE_METRICS
from ..core.report.formatting import fmt_interval, fmt_number
from ..core.report.i18n import translation
from ..core.report.tables import Columns, is_number, network_values, number, read_csv_columns, row_where, rows
from ..translation import current_language
from .common import ecosystem_label, no_geometry_flag, tr

CLASS_COLUMNS = (
    ("CA_ha", "CA (ha)"), ("PLAND_pct", "PLAND (%)"), ("NP", "NP"), ("PD_per_100ha", "PD (/100 ha)"),
    ("LPI_pct", "LPI (%)"), ("ED_m_per_ha", "ED (m/ha)"), ("AREA_MN_ha", "AREA_MN (ha)"),
    ("AREA_AM_ha", "AREA_AM (ha)"), ("SHAPE_MN", "SHAPE_MN"), ("ENN_MN_m", "ENN_MN (m)"), ("CAI_MN_pct", "CAI_MN (%)"),
    ("COHESION", "COHESION"), ("DIVISION", "DIVISION"), ("MESH_ha", "MESH (ha)"), ("AI_pct", "AI (%)"),
)
"""Class metrics the table shows (column of the class table, header)."""

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
    total = row_where(first.sink, "ecosystem", "total") if first else None
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
    change = row_where(results.periods, "period", "total")
    if change:
        span = f" ({change.get('start_year')}–{change.get('end_year')})"
        totals.append(Total("net_sequestration_tCO2e", tr("Net change of the stock") + span,
                            number(change.get("net_sequestration_tCO2e")), "t CO₂e",
                            number(change.get("net_sequestration_tCO2e_p05")), number(change.get("net_sequestration_tCO2e_p95"))))
        if is_number(change.get("npv_currency")):
            totals.append(Total("npv", tr("Net present value") + span, number(change.get("npv_currency")), "",
                                number(change.get("npv_currency_p05")), number(change.get("npv_currency_p95"))))
    network = network_values(results.flow_network)
    if network:
        totals.append(Total("delivered_tC_yr", tr("Flow delivered to demand units"), number(network.get("delivered_tC_yr")), tr("t C/yr")))
        share = number(network.get("share_of_demand_met"))
        if math.isfinite(share):
            totals.append(Total("share_of_demand_met", tr("Share of demand met"), share * 100, "%"))
    return totals


# -- charts ------------------------------------------------------------------------------------
# Drawn by core/report/charts.py, the code of the HTML report's charts, on the Qt canvas's figure.


def _canvas_class():
    """matplotlib's Qt canvas: backend_qtagg (matplotlib ≥ 3.5, Qt5 or Qt6), else backend_qt5agg."""
    try:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    except ImportError:  # matplotlib < 3.5 (Qt5 only)
        from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
    return FigureCanvasQTAgg


def _dated(results: AssessmentResults) -> list[tuple[str, DateTables]]:
    """(label, tables) of every date, 'date 1', 'date 2', … where no year tells them."""
    return [(d.label or _date_label(k + 1), d) for k, d in enumerate(results.dates)]


def _blue_classes(tables: list) -> list[tuple[str, str]]:
    """(code, name) of the blue-carbon classes in the class tables, named by their ecosystem when each
    ecosystem has one class (shorter, and translated)."""
    classes, ecosystems = [], []
    for _label, table in tables:
        for r in rows(table):
            key = (str(r.get("class")), str(r.get("name", r.get("class"))))
            if str(r.get("ecosystem")) in BLUE_CARBON_ECOSYSTEMS and key not in classes:
                classes.append(key)
                ecosystems.append(str(r.get("ecosystem")))
    if len(set(ecosystems)) == len(ecosystems):
        classes = [(code, charts.ecosystem_label(eco)) for (code, _name), eco in zip(classes, ecosystems)]
    return classes


def draw_sink(fig, results: AssessmentResults) -> bool:
    """Area and annual sequestration per ecosystem and date (the report's chart)."""
    return charts.draw_sink_by_ecosystem(fig, [(label, d.sink) for label, d in _dated(results)])


def draw_patch_sizes(fig, results: AssessmentResults) -> bool:
    """Patch-size distribution of the blue-carbon ecosystems at each date (the report's chart)."""
    samples = [(label, {eco: areas for eco, areas in d.patch_areas.items() if eco in BLUE_CARBON_ECOSYSTEMS})
               for label, d in _dated(results)]
    return charts.draw_patch_size_distribution(fig, samples)


def draw_fragmentation_dates(fig, results: AssessmentResults) -> bool:
    """The report's class metrics of the blue-carbon classes at each date, one small panel per metric."""
    tables = [(label, d.class_metrics) for label, d in _dated(results) if d.class_metrics]
    return charts.draw_metrics_between_dates(fig, tables, _blue_classes(tables), DATE_METRICS)


def draw_change(fig, results: AssessmentResults) -> bool:
    """Accumulation, emissions and net sequestration with its interval per period (the report's chart)."""
    return charts.draw_change_by_period(fig, results.periods)


def draw_flow_patches(fig, results: AssessmentResults, n: int = 15) -> bool:
    """The n patches delivering the most carbon to demand units, first date (the report's chart)."""
    return charts.draw_top_patches_by_flow(fig, results.flow_patches, n)


CHARTS = (
    ("sink", QT_TRANSLATE_NOOP("BlueCarbon", "Area and sequestration by ecosystem"), draw_sink, (8.0, 3.6)),
    ("patch_sizes", QT_TRANSLATE_NOOP("BlueCarbon", "Patch-size distribution"), draw_patch_sizes, (8.0, 3.4)),
    ("fragmentation_dates", QT_TRANSLATE_NOOP("BlueCarbon", "Fragmentation metrics between dates"),
     draw_fragmentation_dates, (8.0, 4.6)),
    ("change", QT_TRANSLATE_NOOP("BlueCarbon", "Carbon change between dates"), draw_change, (8.0, 3.4)),
    ("flow_patches", QT_TRANSLATE_NOOP("BlueCarbon", "Top patches by delivered flow"), draw_flow_patches, (8.0, 5.4)),
)
"""Charts of the dashboard: id, title, drawing function (figure, results) → drawn?, size in inches (the report's)."""
SCREEN_DPI = 100
"""Dots per inch of the charts on screen (a logical pixel each); exported at 150, as in the report."""


class ChartPanel(QFrame):
    """One chart on a matplotlib Qt canvas, with its title and PNG / SVG export buttons."""

    def __init__(self, chart_id: str, title: str, size: tuple, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        from matplotlib.figure import Figure

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
        self.figure = Figure(figsize=size, dpi=SCREEN_DPI, facecolor="white")
        self.canvas = _canvas_class()(self.figure)
        self.canvas.setMinimumHeight(int(size[1] * SCREEN_DPI))  # the report's height: its texts fit
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.canvas, 1)

    def draw(self, function, results: AssessmentResults) -> bool:
        """Draw the chart in the plugin's language; False when the results hold nothing for it."""
        self.figure.clear()
        with translation(tr, current_language()):
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

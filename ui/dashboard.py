"""Results dashboard: key totals, class metrics and charts of an assessment's output folder.

:func:`read_results` is core.results.read_results (the one reader of a results folder, by columns, so the
single algorithms' outputs saved in one folder read too). :class:`DashboardWidget` shows what it read: the
report's key figures (core.report.headline, with their 90 % intervals), the report's class metrics, and the
HTML report's charts (``core/report/charts.py``, in the plugin's language) on matplotlib's Qt canvas, each exportable as PNG or SVG. :class:`ResultsDock` puts
the widget in a QGIS dock.
"""

from __future__ import annotations

import math
from typing import Optional

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
from ..core.report import KeyFigure, headline
from ..core.report.assessment import CLASS_METRICS, DATE_METRICS
from ..core.report.formatting import fmt_interval, fmt_number
from ..core.report.i18n import translation
from ..core.report.tables import is_number, number, rows
from ..core.results import AssessmentResults, DateTables, assessment_data, read_results as core_read_results
from ..translation import current_language
from .common import ecosystem_label, tr

CLASS_COLUMNS = tuple(column for table in CLASS_METRICS for column in table)
"""Class metrics the table shows: the report's (column of the class table, label, unit)."""


def read_results(folder: str) -> AssessmentResults:
    """core.results.read_results with the dates that no year names called 'date 1', 'date 2', … in the plugin's language."""
    try:
        return core_read_results(folder, _date_label)
    except OSError:
        raise OSError(tr("'{0}' is not a folder.").format(folder)) from None


def _date_label(n: int) -> str:
    """The label of the n-th date when no year tells it ('date 1', 'date 2', …)."""
    return tr("date {n}").format(n=n)


def key_totals(results: AssessmentResults) -> list[KeyFigure]:
    """The headline numbers of the report (core.report.headline), from the folder's tables; a card whose table
    lacks the number (e.g. a sink table written without patches) is left out."""
    return [f for f in headline(assessment_data(results), translate=tr) if is_number(f.value)]


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
    """The n patches with the most flow attributed to demand units, first date (the report's chart)."""
    return charts.draw_top_patches_by_flow(fig, results.flow_patches, n)


def draw_restoration(fig, results: AssessmentResults) -> bool:
    """Cumulative gains of the restoration portfolio against the hectares restored (the report's chart)."""
    return charts.draw_restoration_portfolio(fig, results.restoration_portfolio or {})


CHARTS = (
    ("sink", QT_TRANSLATE_NOOP("BlueCarbon", "Area and sequestration by ecosystem"), draw_sink, (8.0, 3.6)),
    ("patch_sizes", QT_TRANSLATE_NOOP("BlueCarbon", "Patch-size distribution"), draw_patch_sizes, (8.0, 3.4)),
    ("fragmentation_dates", QT_TRANSLATE_NOOP("BlueCarbon", "Fragmentation metrics between dates"),
     draw_fragmentation_dates, (8.0, 4.6)),
    ("change", QT_TRANSLATE_NOOP("BlueCarbon", "Carbon change between dates"), draw_change, (8.0, 3.4)),
    ("flow_patches", QT_TRANSLATE_NOOP("BlueCarbon", "Top patches by attributed flow"), draw_flow_patches, (8.0, 5.4)),
    ("restoration", QT_TRANSLATE_NOOP("BlueCarbon", "Restoration portfolio: cumulative gains"), draw_restoration,
     (8.0, 4.0)),
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
        self._totals: list[KeyFigure] = []
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

    def totals(self) -> list[KeyFigure]:
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
            low, high = number(t.low), number(t.high)
            if math.isfinite(low) and math.isfinite(high) and high > low:
                interval = QLabel(tr("90 % interval: {0}").format(fmt_interval(low, high)))
                interval.setStyleSheet("color:#555555")
                box.addWidget(interval)
            if is_number(t.alt_value):
                alt = QLabel(f"{fmt_number(t.alt_value)} {t.alt_unit}")
                alt.setObjectName("alt")
                alt.setStyleSheet("color:#555555")
                box.addWidget(alt)
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
        columns += [(k, f"{label} ({unit})" if unit else label) for k, label, unit in CLASS_COLUMNS if k in metrics]
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
    "key_totals",
    "read_results",
]

"""Assessment wizard: land cover, legend, area of interest, second date, demand, parameters, restoration →
blueassessment.

Each page checks its choices when the user presses *Next* (and all of them again before the run) and
shows what is wrong above its fields, so nothing runs on a choice the assessment would refuse: no
class mapped to a blue-carbon ecosystem, a second date on another grid than the first, missing or
unordered years, a demand layer without a demand field. The last page runs
``bluecarbon:blueassessment`` as a background :class:`QgsProcessingAlgRunnerTask` with a progress bar
and *Cancel*, then adds the result layers (styled by the QML and GeoPackage styles the algorithms
write) to the project in the group "Blue Carbon – <raster name>" and offers the results dashboard.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from typing import Any, Optional

from qgis.core import (
    QgsApplication,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
)
from qgis.gui import QgsFieldComboBox, QgsFileWidget, QgsMapLayerComboBox, QgsRasterBandComboBox
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QIntValidator
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ..core.errors import BlueCarbonError
from ..core.landcover import open_landcover
from .class_mapping import ClassMappingWidget, temp_legend_path
from ..core.checks import check_same_grid, check_years
from ..core.restoration.sites import restorable_by_default
from ..core.results import map_layers
from .common import escape, layer_file, layer_filter, no_threading, numeric_field_filter, plugin_icon, tr
from .parameter_editor import ParameterEditorWidget

ALGORITHM_ID = "bluecarbon:blueassessment"


def algorithm_available() -> bool:
    """True when bluecarbon:blueassessment is registered."""
    return QgsApplication.processingRegistry().algorithmById(ALGORITHM_ID) is not None


class _Page(QWizardPage):
    """A wizard page with a message bar and a check run on Next."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.layout_ = QVBoxLayout(self)
        self.message_label = QLabel()
        self.message_label.setObjectName("pageMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setStyleSheet(
            "QLabel#pageMessage { background: #fff3cd; border: 1px solid #e0a800; border-radius: 3px; padding: 6px; "
            "color: #5c3c00; }"
        )
        self.message_label.hide()
        self.layout_.addWidget(self.message_label)

    def check(self) -> str:
        """What is wrong with the page's choices ('' when nothing)."""
        return ""

    def show_error(self, text: str) -> None:
        """Show ``text`` above the page's fields (replacing an earlier message)."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def clear_message(self) -> None:
        """Hide the message."""
        self.show_error("")

    def message(self) -> str:
        """The text of the message shown ('' when none)."""
        return self.message_label.text() if not self.message_label.isHidden() else ""

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        """Run :meth:`check`; stay on the page with a message when something is wrong."""
        error = self.check()
        if error:
            self.show_error(error)
            return False
        self.clear_message()
        return True


def default_raster_layer(project: QgsProject) -> Optional[QgsRasterLayer]:
    """QGIS's active layer when it is a raster of ``project``, else the topmost raster of the Layers panel (or None)."""
    from qgis import utils

    iface = getattr(utils, "iface", None)
    active = iface.activeLayer() if iface is not None else None
    if isinstance(active, QgsRasterLayer) and project.mapLayer(active.id()) is active:
        return active
    ordered = project.layerTreeRoot().layerOrder() or list(project.mapLayers().values())
    return next((layer for layer in ordered if isinstance(layer, QgsRasterLayer)), None)


class LandCoverPage(_Page):
    """The classified land-cover raster and its band."""

    def __init__(self) -> None:
        super().__init__(tr("Land cover"), tr("The classified land-cover raster to assess (integer class codes)."))
        form = QFormLayout()
        row = QHBoxLayout()
        self.layer_combo = QgsMapLayerComboBox()
        self.layer_combo.setFilters(layer_filter("RasterLayer"))
        self.layer_combo.setAllowEmptyLayer(True)
        self.layer_combo.setLayer(None)
        row.addWidget(self.layer_combo, 1)
        self.browse_button = QToolButton()
        self.browse_button.setText("…")
        self.browse_button.setToolTip(tr("Add a raster file to the project and choose it"))
        self.browse_button.clicked.connect(self._browse)
        row.addWidget(self.browse_button)
        form.addRow(tr("Raster:"), row)
        self.band_combo = QgsRasterBandComboBox()
        self.layer_combo.layerChanged.connect(self._layer_changed)
        form.addRow(tr("Band with the class codes:"), self.band_combo)
        self.info = QLabel()
        self.info.setWordWrap(True)
        form.addRow("", self.info)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose a land-cover raster"), "",
                                              tr("Rasters (*.tif *.tiff *.img *.vrt);;All files (*)"))
        if path:
            self.add_file(path)

    def add_file(self, path: str) -> QgsRasterLayer:
        """Add a raster file to the project and choose it."""
        layer = QgsRasterLayer(path, os.path.splitext(os.path.basename(path))[0])
        QgsProject.instance().addMapLayer(layer)
        self.layer_combo.setLayer(layer)
        return layer

    def set_layer(self, layer: QgsRasterLayer) -> None:
        """Choose a raster layer of the project."""
        self.layer_combo.setLayer(layer)

    def preselect(self, project: QgsProject) -> None:
        """Choose QGIS's active layer when it is a raster, else the topmost raster layer (when none is chosen yet)."""
        if self.layer() is None:
            layer = default_raster_layer(project)
            if layer is not None:
                self.layer_combo.setLayer(layer)

    def _layer_changed(self, layer) -> None:
        self.clear_message()
        self.band_combo.setLayer(layer)
        if layer is not None:
            self.band_combo.setBand(1)
        self.info.setText("")

    def layer(self) -> Optional[QgsRasterLayer]:
        """The chosen raster layer."""
        return self.layer_combo.currentLayer()

    def path(self) -> str:
        """File of the chosen raster ('' when none or not a file)."""
        return layer_file(self.layer())

    def band(self) -> Optional[int]:
        """The chosen band (1-based)."""
        band = self.band_combo.currentBand()
        return band if band and band > 0 else None

    def check(self) -> str:
        layer = self.layer()
        if layer is None:
            return tr("Choose the land-cover raster.")
        if not self.path():
            return tr("'{0}' is not a raster file GDAL reads; save it as a GeoTIFF first.").format(layer.name())
        try:
            with open_landcover(self.path(), self.band()) as lc:
                grid = lc.grid
        except BlueCarbonError as err:
            return str(err)
        self.info.setText(tr("{0} × {1} cells, CRS {2}").format(grid.width, grid.height, layer.crs().authid()))
        return ""


class LegendPage(_Page):
    """Raster values → ecosystems (the class-mapping widget)."""

    def __init__(self) -> None:
        super().__init__(tr("Legend"), tr("Say which raster values are mangrove, salt marsh or seagrass (and what "
                                          "the others are). A preset fills the table; change any row."))
        self.mapping = ClassMappingWidget(self)
        self.mapping.mappingChanged.connect(lambda: self.clear_message() if self.mapping.blue_carbon_values() else None)
        self.layout_.addWidget(self.mapping, 1)
        self._raster_key = None
        self.added_values: list = []

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        """List the values of the chosen raster (again only when the raster or band changed)."""
        page = self.wizard().land_cover
        key = (page.path(), page.band())
        if key == self._raster_key or not key[0]:
            return
        self._raster_key = key
        try:
            self.mapping.set_raster(key[0], key[1], page.layer())
        except BlueCarbonError as err:
            self.show_error(str(err))
            return
        self.mapping.recognise()  # the rule of the algorithms' legend option "recognise from the raster"

    def check(self) -> str:
        if not self.mapping.rows():
            return tr("The raster's classes could not be listed; go back and choose a land-cover raster.")
        if not self.mapping.blue_carbon_values():
            return tr("No class is mapped to a blue-carbon ecosystem (mangrove, salt marsh or seagrass): choose "
                      "the ecosystem of at least one class, or a legend preset that fits the raster.")
        return ""


class AreaPage(_Page):
    """Optional area of interest."""

    def __init__(self) -> None:
        super().__init__(tr("Area of interest"), tr("Optional: a polygon layer. The map is clipped and masked to it "
                                                    "(the raster file is not changed)."))
        form = QFormLayout()
        self.aoi_combo = QgsMapLayerComboBox()
        self.aoi_combo.setFilters(layer_filter("PolygonLayer"))
        self.aoi_combo.setAllowEmptyLayer(True)
        self.aoi_combo.setLayer(None)
        form.addRow(tr("Area of interest:"), self.aoi_combo)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)

    def layer(self) -> Optional[QgsVectorLayer]:
        """The chosen polygon layer (None: the whole raster)."""
        return self.aoi_combo.currentLayer()

    def check(self) -> str:
        layer = self.layer()
        if layer is not None and layer.featureCount() == 0:
            return tr("The area of interest '{0}' has no polygon.").format(layer.name())
        return ""


class SecondDatePage(_Page):
    """Optional second-date raster on the same grid, and the years of both maps."""

    def __init__(self) -> None:
        super().__init__(tr("Second date"), tr("Optional: a land-cover map of another year on the same grid, for "
                                               "the carbon change between the dates and the fragmentation trend."))
        self.enable_check = QCheckBox(tr("Compare with a second date"))
        self.enable_check.toggled.connect(self._toggled)
        self.layout_.addWidget(self.enable_check)
        self.box = QGroupBox()
        form = QFormLayout(self.box)
        self.layer_combo = QgsMapLayerComboBox()
        self.layer_combo.setFilters(layer_filter("RasterLayer"))
        self.layer_combo.setAllowEmptyLayer(True)
        self.layer_combo.setLayer(None)
        form.addRow(tr("Second-date raster:"), self.layer_combo)
        self.year_1 = QLineEdit()
        self.year_1.setObjectName("year1")
        self.year_1.setValidator(QIntValidator(1000, 2999, self.year_1))
        self.year_1.setPlaceholderText(tr("e.g. 2020"))
        self.year_2 = QLineEdit()
        self.year_2.setObjectName("year2")
        self.year_2.setValidator(QIntValidator(1000, 2999, self.year_2))
        self.year_2.setPlaceholderText(tr("e.g. 2035"))
        form.addRow(tr("Year of the first map:"), self.year_1)
        form.addRow(tr("Year of the second map:"), self.year_2)
        self.layout_.addWidget(self.box)
        for signal in (self.enable_check.toggled, self.layer_combo.layerChanged, self.year_1.textEdited,
                       self.year_2.textEdited):
            signal.connect(lambda *_: self.clear_message())
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.layout_.addWidget(self.note)
        self.layout_.addStretch(1)
        self._toggled(False)

    def _toggled(self, on: bool) -> None:
        self.box.setEnabled(on)

    def enabled(self) -> bool:
        """True when a second date is asked for."""
        return self.enable_check.isChecked()

    def layer(self) -> Optional[QgsRasterLayer]:
        """The second-date raster layer."""
        return self.layer_combo.currentLayer() if self.enabled() else None

    def years(self) -> tuple:
        """(year 1, year 2) as ints, None where empty."""
        return tuple(int(e.text()) if e.text().strip() else None for e in (self.year_1, self.year_2))

    def check(self) -> str:
        if not self.enabled():
            return ""
        layer = self.layer_combo.currentLayer()
        if layer is None:
            return tr("Choose the second-date raster, or untick 'Compare with a second date'.")
        path = layer_file(layer)
        if not path:
            return tr("'{0}' is not a raster file GDAL reads; save it as a GeoTIFF first.").format(layer.name())
        first = self.wizard().land_cover
        year_1, year_2 = self.years()
        try:  # the assessment's own checks (core.checks): same grid, years in order
            with open_landcover(first.path(), first.band()) as lc1, open_landcover(path, first.band()) as lc2:
                check_same_grid(lc1.grid, lc2.grid, tr("second-date raster"), layer.name(), tr("land-cover raster"),
                                first.layer().name() if first.layer() is not None else "")
            check_years(year_1, year_2, tr("first year"), tr("second year"))
        except BlueCarbonError as err:
            return str(err)
        added = self.wizard().legend.mapping.add_raster_values(path, first.band(), layer)
        self.note.setText(
            tr("The second map holds values the first does not ({0}); they were added to the legend as not habitat. "
               "Go back to the Legend page to change them.").format(", ".join(map(str, added))) if added else "")
        return ""


class DemandPage(_Page):
    """Optional demand units or demand raster for the service-flow step."""

    def __init__(self) -> None:
        super().__init__(tr("Demand"), tr("Optional: where the carbon service is used (emitting settlements, "
                                          "industry, ports), for the carbon flows from the patches."))
        form = QFormLayout()
        self.units_combo = QgsMapLayerComboBox()
        self.units_combo.setFilters(layer_filter("PointLayer", "PolygonLayer"))
        self.units_combo.setAllowEmptyLayer(True)
        self.units_combo.setLayer(None)
        form.addRow(tr("Demand units (points or polygons):"), self.units_combo)
        self.field_combo = QgsFieldComboBox()
        self.field_combo.setAllowEmptyFieldName(True)
        self.field_combo.setFilters(numeric_field_filter())
        self.name_combo = QgsFieldComboBox()
        self.name_combo.setAllowEmptyFieldName(True)
        self.units_combo.layerChanged.connect(self._units_changed)
        form.addRow(tr("Demand field (t C/yr × coefficient):"), self.field_combo)
        form.addRow(tr("Unit name field:"), self.name_combo)
        self.raster_combo = QgsMapLayerComboBox()
        self.raster_combo.setFilters(layer_filter("RasterLayer"))
        self.raster_combo.setAllowEmptyLayer(True)
        self.raster_combo.setLayer(None)
        form.addRow(tr("or a demand raster (per cell):"), self.raster_combo)
        self.field_combo.fieldChanged.connect(lambda *_: self.clear_message())
        self.raster_combo.layerChanged.connect(lambda *_: self.clear_message())
        self.coefficient = _double(0.0, 1e9, default("COEFFICIENT"), 4)
        form.addRow(tr("Coefficient (t C/yr per unit; 12/44 for t CO₂):"), self.coefficient)
        self.decay_distance = _double(0.0, 1e7, default("DECAY_DISTANCE"), 0, " m")
        form.addRow(tr("Decay distance λ:"), self.decay_distance)
        self.max_distance = _double(0.0, 1e7, default("MAX_DISTANCE"), 0, " m")
        form.addRow(tr("Maximum flow distance:"), self.max_distance)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)

    def _units_changed(self, layer) -> None:
        self.clear_message()
        self.field_combo.setLayer(layer)
        self.name_combo.setLayer(layer)

    def active(self) -> bool:
        """True when demand units or a demand raster were chosen."""
        return self.units_combo.currentLayer() is not None or self.raster_combo.currentLayer() is not None

    def check(self) -> str:
        if self.units_combo.currentLayer() is not None and not self.field_combo.currentField() \
                and self.raster_combo.currentLayer() is None:
            return tr("Choose the demand field of the demand units (or a demand raster).")
        return ""


class ParametersPage(_Page):
    """Carbon parameter presets, the user's values, edge effect, uncertainty and price."""

    def __init__(self) -> None:
        super().__init__(tr("Carbon parameters"), tr("Stocks and rates per ecosystem from cited presets; change a "
                                                     "value to use your own (it is marked user-defined in every output)."))
        self.editor = ParameterEditorWidget(self, default("PARAMETERS"))
        self.layout_.addWidget(self.editor, 1)
        grid = QGridLayout()
        self.edge_depth = _double(0.0, 1e5, default("EDGE_DEPTH"), 1, " m")
        self.edge_factor = _double(0.0, 1.0, default("EDGE_FACTOR"), 2)
        self.draws = QSpinBox()
        self.draws.setRange(0, 100000)
        self.draws.setValue(int(default("DRAWS")))
        self.price = _double(0.0, 1e6, default("PRICE"), 2)
        self.edge_depth.setToolTip(tr("Depth of the edge band (0 = no edge effect); also the core-area depth"))
        self.edge_factor.setToolTip(tr("Sequestration rate in the edge band, as a fraction of the interior rate"))
        self.draws.setToolTip(tr("Monte Carlo draws for the 90 % intervals (0 = none)"))
        self.price.setToolTip(tr("Carbon price per t CO₂e (0 = no valuation)"))
        for k, (label, widget) in enumerate(((tr("Edge depth:"), self.edge_depth), (tr("Edge rate factor:"), self.edge_factor),
                                             (tr("Monte Carlo draws:"), self.draws), (tr("Price per t CO₂e:"), self.price))):
            grid.addWidget(QLabel(label), k // 2, 2 * (k % 2))
            grid.addWidget(widget, k // 2, 2 * (k % 2) + 1)
        grid.setColumnStretch(4, 1)
        self.layout_.addLayout(grid)


class RestorationPage(_Page):
    """Optional restoration step: on or off, the restorable classes (from the legend page) and the budget."""

    def __init__(self) -> None:
        super().__init__(tr("Restoration"), tr("Optional: rank candidate restoration sites on the restorable classes "
                                               "and pick the best ones within a budget."))
        self.enable_check = QCheckBox(tr("Rank restoration sites and pick a portfolio"))
        self.enable_check.setChecked(bool(default("RESTORATION")))
        self.enable_check.toggled.connect(self._toggled)
        self.layout_.addWidget(self.enable_check)
        self.classes_list = QListWidget()
        self.classes_list.setObjectName("restorableClasses")
        self.classes_list.itemChanged.connect(lambda *_: self.clear_message())
        self.layout_.addWidget(QLabel(tr("Restorable classes (restored to mangrove):")))
        self.layout_.addWidget(self.classes_list, 1)
        form = QFormLayout()
        self.budget = _double(0.0, 1e9, default("RESTORATION_BUDGET"), 1, " ha")
        form.addRow(tr("Budget (area restored):"), self.budget)
        self.layout_.addLayout(form)
        self._values: tuple = ()
        self._toggled(self.enable_check.isChecked())

    def _toggled(self, on: bool) -> None:
        self.clear_message()
        self.classes_list.setEnabled(on)
        self.budget.setEnabled(on)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        """List the legend's classes that are not blue carbon; tick the ones restorable by default (again only when
        the legend's classes changed)."""
        mapping = self.wizard().legend.mapping
        blue = set(mapping.blue_carbon_values())
        rows = [r for r in mapping.rows() if r.value not in blue]
        values = tuple((r.value, r.name, r.ecosystem) for r in rows)
        if values == self._values:
            return
        self._values = values
        self.classes_list.clear()
        for value, name, ecosystem in values:
            item = QListWidgetItem(f"{value} {name}".strip())
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = restorable_by_default(ecosystem, name)
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.classes_list.addItem(item)

    def enabled(self) -> bool:
        """True when the restoration step is switched on."""
        return self.enable_check.isChecked()

    def set_checked(self, values) -> None:
        """Tick exactly the classes of these raster values."""
        wanted = {int(v) for v in values}
        for k in range(self.classes_list.count()):
            item = self.classes_list.item(k)
            on = int(item.data(Qt.ItemDataRole.UserRole)) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def values(self) -> list:
        """Raster values of the ticked classes."""
        return [int(self.classes_list.item(k).data(Qt.ItemDataRole.UserRole)) for k in range(self.classes_list.count())
                if self.classes_list.item(k).checkState() == Qt.CheckState.Checked]

    def check(self) -> str:
        if not self.enabled():
            return ""
        if self.classes_list.count() == 0 and self.wizard() is not None:
            self.initializePage()
        if not self.values():
            return tr("Tick at least one restorable class (e.g. tidal flats, aquaculture ponds, bare ground on the "
                      "coast), or switch the restoration step off.")
        if not self.budget.value() > 0:
            return tr("Give a restoration budget above 0 ha.")
        return ""


class RunPage(_Page):
    """Output folder, a summary of the choices, Run with progress and Cancel, then the results."""

    def __init__(self) -> None:
        super().__init__(tr("Run"), tr("Choose where the results go and run the assessment."))
        form = QFormLayout()
        self.folder_widget = QgsFileWidget()
        self.folder_widget.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        form.addRow(tr("Output folder:"), self.folder_widget)
        self.title_edit = QLineEdit(tr("Blue carbon assessment"))
        form.addRow(tr("Report title:"), self.title_edit)
        self.folder_widget.fileChanged.connect(lambda *_: self.clear_message())
        self.layout_.addLayout(form)
        self.summary = QLabel()
        self.summary.setObjectName("runSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(self.summary)
        row = QHBoxLayout()
        self.run_button = QPushButton(tr("Run the assessment"))
        self.run_button.setObjectName("runButton")
        self.run_button.clicked.connect(lambda: self.wizard().run())
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.cancel_button = QPushButton(tr("Cancel run"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(lambda: self.wizard().cancel_run())
        row.addWidget(self.run_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.layout_.addLayout(row)
        self.log = QPlainTextEdit()
        self.log.setObjectName("runLog")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(2000)
        self.layout_.addWidget(self.log, 1)
        self.result_label = QLabel()
        self.result_label.setObjectName("runResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(self.result_label)
        row = QHBoxLayout()
        self.dashboard_check = QCheckBox(tr("Open the results dashboard when done"))
        self.dashboard_check.setChecked(True)
        self.dashboard_button = QPushButton(tr("Show results"))
        self.dashboard_button.setEnabled(False)
        self.dashboard_button.clicked.connect(lambda: self.wizard().show_results())
        row.addWidget(self.dashboard_check)
        row.addStretch(1)
        row.addWidget(self.dashboard_button)
        self.layout_.addLayout(row)
        self.done = False

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        """Summarise the choices."""
        self.summary.setText(self.wizard().summary_html())
        if not algorithm_available():
            self.run_button.setEnabled(False)
            self.show_error(tr("The algorithm bluecarbon:blueassessment is not available in this version of the plugin."))

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        """Finish is enabled once the run succeeded."""
        return self.done

    def check(self) -> str:
        folder = self.folder_widget.filePath().strip()
        if not folder:
            return tr("Choose the output folder.")
        if os.path.exists(folder) and not os.path.isdir(folder):
            return tr("'{0}' is a file; choose a folder.").format(folder)
        parent = folder if os.path.isdir(folder) else os.path.dirname(os.path.abspath(folder))
        if not os.access(parent, os.W_OK):
            return tr("The folder '{0}' is not writable.").format(parent)
        return ""


class _Feedback(QgsProcessingFeedback):
    """Processing feedback that also sends the log lines as a signal (received in the main thread)."""

    message = pyqtSignal(str, str)

    def pushInfo(self, info: str) -> None:  # noqa: N802 - QGIS API
        super().pushInfo(info)
        self.message.emit(info, "info")

    def pushWarning(self, warning: str) -> None:  # noqa: N802 - QGIS API
        super().pushWarning(warning)
        self.message.emit(warning, "warning")

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N802,N803 - QGIS API
        super().reportError(error, fatalError)
        self.message.emit(error, "error")

    def setProgressText(self, text: str) -> None:  # noqa: N802 - QGIS API
        super().setProgressText(text)
        self.message.emit(text, "step")


class AssessmentWizard(QWizard):
    """Assess a coastal landscape: every choice of bluecarbon:blueassessment on eight pages.

    Main API: the pages (:attr:`land_cover`, :attr:`legend`, :attr:`area`, :attr:`second_date`,
    :attr:`demand`, :attr:`carbon`, :attr:`restoration`, :attr:`run_page`), :meth:`check_all`, :meth:`parameters`,
    :meth:`run`, :meth:`cancel_run`; after a run :attr:`results`, :attr:`output_folder` and
    :attr:`layer_group`. Signals: ``runFinished(bool)``, ``resultsReady(str)`` (the output folder; the
    plugin shows it in the dashboard).
    """

    runFinished = pyqtSignal(bool)
    resultsReady = pyqtSignal(str)

    def __init__(self, parent: Optional[QWidget] = None, project: Optional[QgsProject] = None) -> None:
        super().__init__(parent)
        self.project = project or QgsProject.instance()
        self.setWindowTitle(tr("Assess a coastal landscape"))
        self.setWindowIcon(plugin_icon())
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.land_cover = LandCoverPage()
        self.legend = LegendPage()
        self.area = AreaPage()
        self.second_date = SecondDatePage()
        self.demand = DemandPage()
        self.carbon = ParametersPage()
        self.restoration = RestorationPage()
        self.run_page = RunPage()
        for page in self.pages():
            self.addPage(page)
        self.results: dict = {}
        self.output_folder = ""
        self.layer_group = None
        self.added_layers: list = []
        self.task: Optional[QgsProcessingAlgRunnerTask] = None
        self._context: Optional[QgsProcessingContext] = None
        self._feedback: Optional[_Feedback] = None
        self._legend_path = ""
        self.resize(960, 720)
        self.land_cover.preselect(self.project)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Preselect the active raster layer when the raster box is still empty."""
        self.land_cover.preselect(self.project)
        super().showEvent(event)

    def pages(self) -> list:
        """The pages in order."""
        return [self.land_cover, self.legend, self.area, self.second_date, self.demand, self.carbon, self.restoration,
                self.run_page]

    # -- checks -------------------------------------------------------------------------------

    def check_all(self) -> tuple:
        """(page, message) of the first page whose choices are wrong, or (None, '')."""
        for page in self.pages():
            if page is self.legend and not page.mapping.rows():
                page.initializePage()
            error = page.check()
            if error:
                return page, error
        return None, ""

    def summary_html(self) -> str:
        """The choices in a few lines."""
        lc, legend = self.land_cover, self.legend.mapping
        blue = [r for r in legend.rows() if r.value in legend.blue_carbon_values()]
        lines = [
            tr("<b>Land cover:</b> {0} (band {1})").format(lc.layer().name() if lc.layer() else "–", lc.band() or 1),
            tr("<b>Blue-carbon classes:</b> {0}").format(", ".join(f"{r.value} {r.name}" for r in blue) or "–"),
            tr("<b>Area of interest:</b> {0}").format(self.area.layer().name() if self.area.layer() else tr("the whole raster")),
        ]
        if self.second_date.enabled() and self.second_date.layer() is not None:
            y1, y2 = self.second_date.years()
            lines.append(tr("<b>Second date:</b> {0} ({1} → {2})").format(self.second_date.layer().name(), y1, y2))
        if self.demand.active():
            layer = self.demand.units_combo.currentLayer() or self.demand.raster_combo.currentLayer()
            lines.append(tr("<b>Demand:</b> {0}").format(layer.name()))
        editor = self.carbon.editor
        user = editor.overrides()
        presets = " + ".join(editor.presets())
        lines.append(tr("<b>Parameters:</b> {0}, {1} user-defined value(s)").format(presets, len(user)) if user else
                     tr("<b>Parameters:</b> {0}").format(presets))
        if self.restoration.enabled():
            lines.append(tr("<b>Restoration:</b> classes {0}, budget {1} ha").format(
                ", ".join(str(v) for v in self.restoration.values()) or "–", f"{self.restoration.budget.value():g}"))
        return "<br>".join(lines)

    # -- parameters ---------------------------------------------------------------------------

    def parameters(self) -> dict:
        """The parameters of bluecarbon:blueassessment for the choices made (writes the legend and overrides CSVs)."""
        from qgis.core import QgsProcessingUtils

        lc = self.land_cover
        mapping = self.legend.mapping
        self._legend_path = temp_legend_path(mapping.to_text())
        mapping.save_csv(self._legend_path)
        params = {
            "INPUT": lc.path(),
            "LEGEND_PRESET": "raster_values",
            "LEGEND_FILE": self._legend_path,
            "OUTPUT_FOLDER": os.path.abspath(self.run_page.folder_widget.filePath().strip()),
            "TITLE": self.run_page.title_edit.text().strip() or tr("Blue carbon assessment"),
        }
        if lc.band():
            params["BAND"] = lc.band()
        if self.area.layer() is not None:
            params["AOI"] = _source_of(self.area.layer())
        if self.second_date.enabled() and self.second_date.layer() is not None:
            params["INPUT_2"] = layer_file(self.second_date.layer())
        year_1, year_2 = self.second_date.years()
        if year_1 is not None:
            params["YEAR_1"] = year_1
        if params.get("INPUT_2"):
            params["YEAR_2"] = year_2
        demand = self.demand
        if demand.units_combo.currentLayer() is not None:
            params["DEMAND_UNITS"] = _source_of(demand.units_combo.currentLayer())
            if demand.field_combo.currentField():
                params["DEMAND_FIELD"] = demand.field_combo.currentField()
            if demand.name_combo.currentField():
                params["NAME_FIELD"] = demand.name_combo.currentField()
        if demand.raster_combo.currentLayer() is not None:
            params["DEMAND_RASTER"] = _source_of(demand.raster_combo.currentLayer())
        if demand.active():
            # the wizard's coefficient is "t C/yr per unit of the value": the measure "other × coefficient"
            params.update(DEMAND_MEASURE="other", COEFFICIENT=demand.coefficient.value(), DECAY_DISTANCE=demand.decay_distance.value(),
                          MAX_DISTANCE=demand.max_distance.value())
        carbon = self.carbon
        params["PARAMETERS"] = carbon.editor.presets()
        user = carbon.editor.overrides()
        if user is not None:
            text = user.to_text()
            digest = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]
            path = os.path.join(QgsProcessingUtils.tempFolder(), f"user_parameters_{digest}.csv")
            user.to_csv(path)
            params["PARAMETERS_FILE"] = path
        params["OWN_ONLY"] = carbon.editor.own_only()
        params.update(EDGE_DEPTH=carbon.edge_depth.value(), EDGE_FACTOR=carbon.edge_factor.value(),
                      DRAWS=carbon.draws.value(), PRICE=carbon.price.value())
        if self.restoration.enabled():
            params.update(RESTORATION=True, RESTORABLE=", ".join(str(v) for v in self.restoration.values()),
                          RESTORATION_BUDGET=self.restoration.budget.value())
        return params

    # -- run ----------------------------------------------------------------------------------

    def run(self) -> bool:
        """Check every page, then start the assessment in the background; False when it did not start."""
        page = self.run_page
        if self.task is not None:
            return False
        wrong, error = self.check_all()
        if wrong is not None:
            name = wrong.title()
            page.show_error(tr("{0}: {1}").format(name, error) if wrong is not page else error)
            return False
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(ALGORITHM_ID)
        if algorithm is None:
            page.show_error(tr("The algorithm bluecarbon:blueassessment is not available in this version of the plugin."))
            return False
        try:
            params = self.parameters()
        except (BlueCarbonError, OSError) as err:
            page.show_error(str(err))
            return False
        page.clear_message()
        page.log.clear()
        page.result_label.setText("")
        page.progress.setValue(0)
        self._context = QgsProcessingContext()
        self._context.setProject(self.project)
        self._feedback = _Feedback()
        self._feedback.progressChanged.connect(lambda value: page.progress.setValue(int(value)))
        self._feedback.message.connect(self._log)
        self._set_running(True)
        self._log(tr("Running bluecarbon:blueassessment…"), "step")
        if no_threading(algorithm):
            ok, results = algorithm.run(params, self._context, self._feedback)
            self._finished(ok, results or {})
            return ok
        self.task = QgsProcessingAlgRunnerTask(algorithm, params, self._context, self._feedback)
        self.task.executed.connect(self._finished)
        QgsApplication.taskManager().addTask(self.task)
        return True

    def cancel_run(self) -> None:
        """Ask the running assessment to stop (it leaves no file behind)."""
        if self._feedback is not None:
            self._feedback.cancel()
        if self.task is not None:
            self.task.cancel()
        self._log(tr("Cancelling…"), "warning")

    def reject(self) -> None:  # noqa: D102 - Qt API: closing the wizard stops a running assessment
        if self.is_running():
            self.cancel_run()
        super().reject()

    def is_running(self) -> bool:
        """True while an assessment runs."""
        return self.task is not None

    def _set_running(self, running: bool) -> None:
        page = self.run_page
        page.run_button.setEnabled(not running)
        page.cancel_button.setEnabled(running)
        page.folder_widget.setEnabled(not running)
        self.button(QWizard.WizardButton.BackButton).setEnabled(not running)

    def _log(self, text: str, kind: str) -> None:
        colour = {"warning": "#8a5a00", "error": "#b00020", "step": "#1b5e20"}.get(kind)
        self.run_page.log.appendHtml(f"<span style='color:{colour}'>{escape(text)}</span>" if colour else escape(text))

    def _finished(self, ok: bool, results: dict) -> None:
        page = self.run_page
        self.task = None
        self._set_running(False)
        cancelled = self._feedback is not None and self._feedback.isCanceled()
        if not ok or not results or cancelled:
            page.progress.setValue(0)
            page.show_error(tr("The assessment was cancelled; no file was written.") if cancelled else
                            tr("The assessment failed; the log says why. No file was written."))
            self.runFinished.emit(False)
            return
        self.results = dict(results)
        self.output_folder = str(results.get("OUTPUT_FOLDER") or "")
        if self._legend_path and os.path.isdir(self.output_folder):
            shutil.copyfile(self._legend_path, os.path.join(self.output_folder, "legend.csv"))
        self.add_result_layers(self.output_folder)
        page.progress.setValue(100)
        page.result_label.setText(self._result_html())
        page.done = True
        page.dashboard_button.setEnabled(True)
        page.completeChanged.emit()
        self.runFinished.emit(True)
        if page.dashboard_check.isChecked():
            self.show_results()

    def _result_html(self) -> str:
        r = self.results
        lines = [tr("<b>Done.</b> Results in {0}").format(escape(self.output_folder))]
        for key, text in (
            ("SEQUESTRATION_TCO2E_YR", tr("Annual sequestration: <b>{value}</b> t CO₂e/yr")),
            ("TOTAL_STOCK_TC", tr("Carbon stock: <b>{value}</b> t C")),
            ("BLUE_CARBON_AREA_HA", tr("Blue-carbon area: <b>{value}</b> ha")),
            ("NET_SEQUESTRATION_TCO2E", tr("Net change between the dates: <b>{value}</b> t CO₂e")),
            ("DELIVERED_TC_YR", tr("Flow delivered to demand units: <b>{value}</b> t C/yr")),
        ):
            value = r.get(key)
            if isinstance(value, (int, float)) and value == value:
                lines.append(text.format(value=f"{value:,.0f}"))
        return "<br>".join(lines)

    def add_result_layers(self, folder: str) -> list:
        """Add the result rasters and vector layers of ``folder`` to the group "Blue Carbon – <raster name>"."""
        root = self.project.layerTreeRoot()
        raster = self.land_cover.layer()
        name = tr("Blue Carbon – {0}").format(raster.name() if raster is not None else os.path.basename(folder))
        group = root.findGroup(name)
        if group is not None:
            root.removeChildNode(group)
        group = root.insertGroup(0, name)
        added = []
        for path, spec, year in map_layers(folder):
            title = tr("{layer} {year}").format(layer=tr(spec.layer), year=year) if year else tr(spec.layer)
            layer = QgsVectorLayer(path, title, "ogr") if path.endswith(".gpkg") else QgsRasterLayer(path, title)
            if not layer.isValid():
                continue
            self.project.addMapLayer(layer, False)
            node = group.addLayer(layer)
            node.setItemVisibilityChecked(spec.visible and not year)
            node.setExpanded(False)
            added.append(layer)
        self.layer_group = group
        self.added_layers = added
        return added

    def show_results(self) -> None:
        """Ask for the results dashboard (the plugin opens its dock on ``resultsReady``)."""
        if self.output_folder:
            self.resultsReady.emit(self.output_folder)


def default(name: str) -> Any:
    """The default of a parameter of bluecarbon:blueassessment, from its definition (one declaration)."""
    algorithm = QgsApplication.processingRegistry().algorithmById(ALGORITHM_ID)
    if algorithm is None:  # the provider is not loaded (the dialog cannot run then, but it can be built)
        from ..processing.algorithms.blue_assessment import BlueAssessment

        algorithm = BlueAssessment()
        algorithm.initAlgorithm({})
    return algorithm.parameterDefinition(name).defaultValue()


def _double(minimum: float, maximum: float, value: float, decimals: int, suffix: str = "") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(minimum, maximum)
    box.setDecimals(decimals)
    box.setValue(value)
    if suffix:
        box.setSuffix(suffix)
    return box


def _source_of(layer) -> str:
    """A file path (with its layer name) when the layer is a file, else the project layer id."""
    if layer.providerType() in ("ogr", "gdal"):
        return layer.source()
    return layer.id()


__all__ = ["AssessmentWizard", "algorithm_available"]

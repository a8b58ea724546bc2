"""Class mapping: raster values → ecosystems, edited in a table and saved as a legend CSV.

:class:`ClassMappingWidget` lists the values present in a land-cover raster with their pixel counts
(core.landcover's ``value_counts``) and, when the raster has them, the colours and names of its
colour table, QGIS paletted style or GDAL category names; each value gets an ecosystem from a
drop-down (core.legend.ECOSYSTEMS). Legend presets (core.legend.preset_ids) fill the table; the
mapping is saved and loaded as a CSV in the legend format that core.legend reads.

:class:`LegendWidgetWrapper` puts the widget in the Processing dialogs (and the Model Designer) for
the algorithms' ``LEGEND_FILE`` parameter, through the parameter's metadata
``{"widget_wrapper": {"class": "bluecarbon.ui.class_mapping.LegendWidgetWrapper"}}``: the legend CSV
the widget writes is the value the algorithm reads.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from typing import Optional

from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QBrush, QColor, QFont
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import BlueCarbonError
from ..core.landcover import open_landcover
from ..core.legend import (
    BLUE_CARBON_ECOSYSTEMS,
    ECOSYSTEMS,
    AUTO_LEGEND,
    FALLBACK_LEGEND,
    NO_LEGEND,
    Legend,
    LegendEntry,
    load_legend,
    legend_text,
    preset_ids,
    LegendRecognition,
    recognise_legend,
    write_legend,
    recognise_raster_legend,
)
from .common import ecosystem_label, layer_file, layer_filter, swatch, tr

DEFAULT_ECOSYSTEM = "non_habitat"
"""Ecosystem given to a raster value no preset or file defines."""

COL_VALUE, COL_NAME, COL_PIXELS, COL_SHARE, COL_ECOSYSTEM = range(5)


@dataclass(frozen=True)
class RasterClass:
    """One value present in a raster: its pixel count and, when the file or style has them, name and colour."""

    value: int
    count: int
    name: str = ""
    color: Optional[str] = None


@dataclass(frozen=True)
class MappingRow:
    """One row of the mapping table."""

    value: int
    name: str
    ecosystem: str
    color: Optional[str] = None
    count: Optional[int] = None  # pixels in the raster; None when the row comes from a legend only
    defined: bool = True  # False when no preset or file gave this value an ecosystem


def read_raster_classes(path: str, band: Optional[int] = None, layer: object = None) -> list[RasterClass]:
    """Values present in band ``band`` of ``path`` with pixel counts, names and colours where known.

    Counts come from core.landcover (nodata excluded). Names and colours are taken, in this order,
    from the QGIS layer's paletted style (when ``layer`` is given), the GDAL category names and the
    raster's colour table. Raises core's InputError when the file is no land-cover raster.
    """
    with open_landcover(path, band) as lc:
        counts = lc.value_counts()
        band_no = lc.band
    names: dict[int, str] = {}
    colors: dict[int, str] = {}
    _file_names_and_colors(path, band_no, names, colors)
    _style_names_and_colors(layer, band_no, names, colors)
    return [RasterClass(v, n, names.get(v, ""), colors.get(v)) for v, n in counts.items()]


def _file_names_and_colors(path: str, band: int, names: dict, colors: dict) -> None:
    """Colour table (rasterio) and category names (GDAL) of the file."""
    import rasterio

    try:
        with rasterio.open(path) as ds:
            for value, rgba in ds.colormap(band).items():
                colors[int(value)] = "#{:02x}{:02x}{:02x}".format(*rgba[:3])
    except (ValueError, rasterio.errors.RasterioError):
        pass  # no colour table
    try:
        from osgeo import gdal

        dataset = gdal.Open(path)
        categories = dataset.GetRasterBand(band).GetCategoryNames() if dataset is not None else None
        for value, name in enumerate(categories or []):
            if name:
                names[value] = name
    except (ImportError, RuntimeError, AttributeError):
        pass


def _style_names_and_colors(layer: object, band: int, names: dict, colors: dict) -> None:
    """Classes of a QGIS paletted renderer on the same band (labels like '95 Mangroves' lose the code)."""
    if layer is None:
        return
    try:
        renderer = layer.renderer()
    except (AttributeError, RuntimeError):
        return
    if renderer is None or renderer.type() != "paletted" or renderer.band() != band:
        return
    for item in renderer.classes():
        value = int(item.value)
        label = item.label.strip()
        prefix = str(value)
        if label.startswith(prefix + " "):
            label = label[len(prefix):].strip()
        if label and label != prefix:
            names[value] = label
        colors[value] = item.color.name()


def preset_title(preset_id: str) -> str:
    """The title of a legend preset (its id when the file cannot be read)."""
    try:
        return load_legend(preset_id).title
    except BlueCarbonError:
        return preset_id


class ClassMappingWidget(QWidget):
    """Table of raster values with an ecosystem drop-down each, legend presets, CSV load and save.

    Main API: :meth:`set_raster`, :meth:`add_raster_values`, :meth:`apply_preset`, :meth:`load_csv`,
    :meth:`save_csv`, :meth:`set_ecosystem`, :meth:`rows`, :meth:`legend`, :meth:`blue_carbon_values`;
    the signal ``mappingChanged`` is emitted on every change.
    """

    mappingChanged = pyqtSignal()

    def __init__(self, parent: Optional[QWidget] = None, show_presets: bool = True) -> None:
        super().__init__(parent)
        self._rows: list[MappingRow] = []
        self._meta: dict[str, str] = {}
        self._raster_name = ""
        self._updating = False
        self._build(show_presets)

    # -- layout -------------------------------------------------------------------------------

    def _build(self, show_presets: bool) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.preset_label = QLabel(tr("Legend preset:"))
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("legendPresetCombo")
        for preset_id in preset_ids():
            self.preset_combo.addItem(preset_title(preset_id), preset_id)
            self.preset_combo.setItemData(self.preset_combo.count() - 1, preset_id, Qt.ItemDataRole.ToolTipRole)
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset_combo.setMinimumContentsLength(18)
        self.apply_button = QPushButton(tr("Apply preset"))
        self.apply_button.setToolTip(tr("Fill names, colours and ecosystems of the raster values from the preset"))
        self.apply_button.clicked.connect(lambda: self.apply_preset(self.preset_combo.currentData()))
        self.load_button = QPushButton(tr("Load CSV…"))
        self.load_button.clicked.connect(self._ask_load)
        self.save_button = QPushButton(tr("Save CSV…"))
        self.save_button.clicked.connect(self._ask_save)
        for widget in (self.preset_label, self.preset_combo, self.apply_button):
            bar.addWidget(widget)
            widget.setVisible(show_presets)
        bar.addStretch(1)
        bar.addWidget(self.load_button)
        bar.addWidget(self.save_button)
        layout.addLayout(bar)

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("classMappingTable")
        self.table.setHorizontalHeaderLabels([tr("Value"), tr("Name"), tr("Pixels"), tr("Share"), tr("Ecosystem")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_VALUE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_PIXELS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_SHARE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ECOSYSTEM, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._name_edited)
        layout.addWidget(self.table, 1)

        self.summary = QLabel()
        self.summary.setObjectName("classMappingSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.recognition = QLabel()
        self.recognition.setObjectName("legendRecognition")
        self.recognition.setWordWrap(True)
        self.recognition.setVisible(False)
        layout.addWidget(self.recognition)
        self._refresh_summary()

    # -- filling ------------------------------------------------------------------------------

    def set_raster(self, path: str, band: Optional[int] = None, layer: object = None) -> None:
        """Read the values of a raster (band 1-based) and list them, keeping the ecosystems already chosen.

        Names and colours come from the raster or its QGIS style; values already in the table keep
        their name and ecosystem. Raises core's InputError when the file is no land-cover raster.
        """
        classes = read_raster_classes(path, band, layer)
        old = {r.value: r for r in self._rows}
        rows = []
        for c in classes:
            previous = old.get(c.value)
            if previous is not None:
                rows.append(replace(previous, count=c.count, color=previous.color or c.color))
            else:
                rows.append(MappingRow(c.value, c.name or str(c.value), DEFAULT_ECOSYSTEM, c.color, c.count, False))
        self._raster_name = os.path.basename(path)
        self._set_rows(rows)

    def add_raster_values(self, path: str, band: Optional[int] = None, layer: object = None) -> list[int]:
        """Add the values of another raster (e.g. a second date) that the table lacks; return them.

        Pixel counts shown stay those of the first raster; the added values start as not habitat.
        """
        known = {r.value for r in self._rows}
        added = [c for c in read_raster_classes(path, band, layer) if c.value not in known]
        if added:
            rows = self._rows + [
                MappingRow(c.value, c.name or str(c.value), DEFAULT_ECOSYSTEM, c.color, 0, False) for c in added
            ]
            self._set_rows(sorted(rows, key=lambda r: r.value))
        return [c.value for c in added]

    def apply_preset(self, preset_id: Optional[str]) -> None:
        """Map the listed values with a legend preset (all the preset's values when no raster is listed)."""
        if not preset_id or preset_id == NO_LEGEND:
            self._set_rows([replace(r, ecosystem=DEFAULT_ECOSYSTEM, defined=False) for r in self._rows])
            self._meta = {}
            return
        legend = load_legend(preset_id)
        index = self.preset_combo.findData(preset_id)
        if index >= 0:
            self.preset_combo.setCurrentIndex(index)
        self._apply_legend(legend)
        self._meta = {"title": legend.title, "source": legend.source}

    def recognise(self, found: "LegendRecognition | None" = None) -> str:
        """Map the listed values with the preset their colours or names identify (core.legend.recognise_legend).

        The rule of the algorithms' "recognise" legend option: without a recognised preset, the fallback
        (raster values, no ecosystems). Says which preset and why below the table; returns the preset id.
        ``found``: a recognition already made (the Processing dialog passes the file's, as the algorithm sees it).
        """
        from ..processing.parameters import legend_message

        rows = self._rows
        if found is None:
            found = recognise_legend([r.value for r in rows], {r.value: r.color for r in rows if r.color},
                                     {r.value: r.name for r in rows if r.name and r.name != str(r.value)})
        legend = found.preset or FALLBACK_LEGEND
        self.apply_preset(legend)
        self.recognition.setText(legend_message(legend, found) if rows else "")
        self.recognition.setVisible(bool(rows))
        return legend

    def load_csv(self, path: str) -> None:
        """Map the listed values with a legend CSV (raises core's InputError when it is malformed)."""
        legend = load_legend(path)
        self._apply_legend(legend)
        self._meta = {"title": legend.title, "source": legend.source}

    def _apply_legend(self, legend: Legend) -> None:
        if not self._rows or all(r.count is None for r in self._rows):
            rows = [MappingRow(e.value, e.name, e.ecosystem, e.color, None, True) for e in legend.entries]
        else:
            rows = []
            for r in self._rows:
                if r.value in legend:
                    e = legend.entry(r.value)
                    rows.append(replace(r, name=e.name, ecosystem=e.ecosystem, color=e.color or r.color, defined=True))
                else:
                    rows.append(replace(r, ecosystem=DEFAULT_ECOSYSTEM, defined=False))
        self._set_rows(rows)

    def set_ecosystem(self, value: int, ecosystem: str) -> None:
        """Give raster value ``value`` the ecosystem key ``ecosystem`` (one of core.legend.ECOSYSTEMS)."""
        if ecosystem not in ECOSYSTEMS:
            raise ValueError(f"unknown ecosystem {ecosystem!r}")
        for i, r in enumerate(self._rows):
            if r.value == value:
                combo = self.table.cellWidget(i, COL_ECOSYSTEM)
                combo.setCurrentIndex(combo.findData(ecosystem))
                return
        raise KeyError(value)

    def clear(self) -> None:
        """Remove every row."""
        self._raster_name = ""
        self._meta = {}
        self._set_rows([])

    # -- reading ------------------------------------------------------------------------------

    def rows(self) -> list[MappingRow]:
        """The rows as shown (value, name, ecosystem, colour, pixel count)."""
        return list(self._rows)

    def legend(self) -> Legend:
        """The mapping as a core Legend."""
        entries = [LegendEntry(r.value, r.name or str(r.value), r.ecosystem, r.color) for r in self._rows]
        return Legend(entries, title=self.meta().get("title", ""), source=self.meta().get("source", ""))

    def meta(self) -> dict[str, str]:
        """The ``# key: value`` lines written with the CSV."""
        title = self._meta.get("title", "")
        name = self._raster_name
        meta = {
            "title": (f"{title} — mapped for {name}" if title and name else title or (f"Classes of {name}" if name else "Legend")),
            "source": self._meta.get("source", ""),
            "note": "Written by the Blue Carbon class-mapping dialog; ecosystems chosen by the user.",
        }
        return meta

    def blue_carbon_values(self) -> list[int]:
        """Raster values mapped to a blue-carbon ecosystem (mangrove, salt marsh, seagrass)."""
        return [r.value for r in self._rows if r.ecosystem in BLUE_CARBON_ECOSYSTEMS]

    def undefined_values(self) -> list[int]:
        """Values no preset or file defined (they were set to not habitat)."""
        return [r.value for r in self._rows if not r.defined]

    def to_text(self) -> str:
        """The mapping as legend CSV text."""
        return legend_text(self._rows, self.meta())

    def save_csv(self, path: str) -> None:
        """Write the mapping as a legend CSV that core.legend.load_legend reads back."""
        write_legend(path, self._rows, self.meta())

    # -- table --------------------------------------------------------------------------------

    def _set_rows(self, rows: list[MappingRow]) -> None:
        self._rows = list(rows)
        self._updating = True
        try:
            self.table.setRowCount(len(rows))
            total = sum(r.count or 0 for r in rows)
            for i, r in enumerate(rows):
                value_item = QTableWidgetItem(swatch(r.color), str(r.value))
                value_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                value_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, COL_VALUE, value_item)
                name_item = QTableWidgetItem(r.name)
                name_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, COL_NAME, name_item)
                pixels = QTableWidgetItem("" if r.count is None else f"{r.count:,}")
                share = QTableWidgetItem("" if not total or r.count is None else f"{100.0 * r.count / total:.1f} %")
                for item in (pixels, share):
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, COL_PIXELS, pixels)
                self.table.setItem(i, COL_SHARE, share)
                combo = self._combo_at(i)
                combo.blockSignals(True)
                combo.setProperty("raster_value", r.value)
                combo.setCurrentIndex(combo.findData(r.ecosystem if r.ecosystem in ECOSYSTEMS else DEFAULT_ECOSYSTEM))
                combo.blockSignals(False)
                self._style_row(i)
        finally:
            self._updating = False
        self._refresh_summary()
        self.mappingChanged.emit()

    def _combo_at(self, i: int) -> QComboBox:
        """The ecosystem drop-down of row ``i``, made once and reused.

        (Replacing a cell widget only deletes the old one later; until then it would show at the
        table's corner.)
        """
        combo = self.table.cellWidget(i, COL_ECOSYSTEM)
        if combo is None:
            combo = QComboBox()
            for key in ECOSYSTEMS:
                combo.addItem(ecosystem_label(key), key)
            combo.currentIndexChanged.connect(lambda _i, box=combo: self._ecosystem_chosen(box.property("raster_value"), box))
            self.table.setCellWidget(i, COL_ECOSYSTEM, combo)
        return combo

    def _style_row(self, i: int) -> None:
        r = self._rows[i]
        blue = r.ecosystem in BLUE_CARBON_ECOSYSTEMS
        brush = QBrush(QColor("#e3f4ec")) if blue else QBrush()
        font = QFont()
        font.setBold(blue)
        font.setItalic(not r.defined)
        for col in (COL_VALUE, COL_NAME, COL_PIXELS, COL_SHARE):
            item = self.table.item(i, col)
            if item is not None:
                item.setBackground(brush)
                item.setFont(font)
                item.setToolTip("" if r.defined else tr("Not defined by the preset or file: set to not habitat"))

    def _ecosystem_chosen(self, value: int, combo: QComboBox) -> None:
        for i, r in enumerate(self._rows):
            if r.value == value:
                self._rows[i] = replace(r, ecosystem=combo.currentData(), defined=True)
                self._style_row(i)
        self._refresh_summary()
        self.mappingChanged.emit()

    def _name_edited(self, item: QTableWidgetItem) -> None:
        if self._updating or item.column() != COL_NAME:
            return
        i = item.row()
        if 0 <= i < len(self._rows):
            self._rows[i] = replace(self._rows[i], name=item.text().strip() or str(self._rows[i].value))
            self.mappingChanged.emit()

    def _refresh_summary(self) -> None:
        if not self._rows:
            self.summary.setText(tr("Choose a raster, a preset or a legend CSV to list its classes."))
            return
        blue = [r for r in self._rows if r.ecosystem in BLUE_CARBON_ECOSYSTEMS]
        total = sum(r.count or 0 for r in self._rows)
        parts = []
        if blue:
            listed = ", ".join(f"{r.value} {r.name} → {ecosystem_label(r.ecosystem)}" for r in blue)
            if total:
                share = 100.0 * sum(r.count or 0 for r in blue) / total
                parts.append(tr("Blue-carbon classes: {0} ({1:.1f} % of the pixels)").format(listed, share))
            else:
                parts.append(tr("Blue-carbon classes: {0}").format(listed))
        else:
            parts.append("<b>" + tr("No class is mapped to a blue-carbon ecosystem (mangrove, salt marsh, seagrass).") + "</b>")
        undefined = [str(r.value) for r in self._rows if not r.defined]
        if undefined:
            parts.append(tr("Not in the legend, set to not habitat: {0}").format(", ".join(undefined)))
        self.summary.setText("<br>".join(parts))

    # -- file dialogs -------------------------------------------------------------------------

    def _ask_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Load a legend CSV"), "", tr("CSV files (*.csv)"))
        if path:
            self._try(lambda: self.load_csv(path))

    def _ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the legend CSV"), "", tr("CSV files (*.csv)"))
        if path:
            if not path.lower().endswith(".csv"):
                path += ".csv"
            self._try(lambda: self.save_csv(path))

    def _try(self, action) -> bool:
        try:
            action()
        except (BlueCarbonError, OSError) as err:
            self.summary.setText(f"<span style='color:#b00020'>{err}</span>")
            return False
        return True


class ClassMappingDialog(QDialog):
    """The class-mapping widget in a dialog, with a raster chooser and OK / Cancel (for the Model Designer)."""

    def __init__(self, parent: Optional[QWidget] = None, legend_path: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Map raster classes to ecosystems"))
        layout = QVBoxLayout(self)
        from qgis.gui import QgsMapLayerComboBox

        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Read the values of:")))
        self.layer_combo = QgsMapLayerComboBox()
        self.layer_combo.setFilters(layer_filter("RasterLayer"))
        self.layer_combo.setAllowEmptyLayer(True)
        self.layer_combo.setLayer(None)
        self.layer_combo.layerChanged.connect(self._layer_chosen)
        row.addWidget(self.layer_combo, 1)
        layout.addLayout(row)
        self.mapping = ClassMappingWidget(self)
        layout.addWidget(self.mapping, 1)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b00020")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 480)
        if legend_path and os.path.isfile(legend_path):
            self.mapping._try(lambda: self.mapping.load_csv(legend_path))

    def _layer_chosen(self, layer: object) -> None:
        path = layer_file(layer)
        if not path:
            return
        try:
            self.mapping.set_raster(path, None if layer.bandCount() == 1 else 1, layer)
            self.error.setText("")
        except BlueCarbonError as err:
            self.error.setText(str(err))


# -- Processing dialogs ---------------------------------------------------------------------------

try:  # Processing's Python widget wrappers (QGIS ≥ 3.4; present in every desktop QGIS)
    from processing.gui.wrappers import DIALOG_BATCH, DIALOG_MODELER, DIALOG_STANDARD, WidgetWrapper
except ImportError:  # pragma: no cover - QGIS without the Processing plugin
    WidgetWrapper = object  # type: ignore[misc,assignment]
    DIALOG_STANDARD, DIALOG_BATCH, DIALOG_MODELER = 0, 1, 2


WRAPPER_CLASS_PATH = f"{__name__}.LegendWidgetWrapper"
"""Dotted path of the wrapper class, for the parameter metadata ``{"widget_wrapper": {"class": ...}}``."""


def legend_widget_metadata() -> dict:
    """Metadata that makes the Processing dialogs show the class-mapping widget for a legend CSV parameter."""
    return {"widget_wrapper": {"class": WRAPPER_CLASS_PATH}}


def temp_legend_path(text: str) -> str:  # also used by the wizard
    """A file in Processing's temporary folder named after the text's hash (same mapping, same file)."""
    from qgis.core import QgsProcessingUtils

    digest = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]
    return os.path.join(QgsProcessingUtils.tempFolder(), f"legend_{digest}.csv")


class LegendWidgetWrapper(WidgetWrapper):
    """Processing widget wrapper of a legend CSV parameter (``LEGEND_FILE``).

    Standard dialog: the class-mapping table, filled with the values of the dialog's ``INPUT``
    raster (band ``BAND``) and mapped with the preset chosen in ``LEGEND_PRESET``. Its value is
    empty while the table is what that preset gives (so the preset applies, as without this
    widget), and otherwise the path of a legend CSV holding the table: a file the user loaded and
    left unchanged, or a file written to Processing's temporary folder. Batch dialog: a path field.
    Model Designer: a path field with the model's file values and a button opening the mapping
    dialog, which saves a CSV where the user says.
    """

    INPUT_NAME = "INPUT"
    BAND_NAME = "BAND"
    PRESET_NAME = "LEGEND_PRESET"

    def createWidget(self, **kwargs):  # noqa: N802 - Processing API
        """The widget of this dialog type."""
        self._input_wrapper = None
        self._band_wrapper = None
        self._preset_wrapper = None
        self._baseline = ""  # legend text of the mapping the preset gives
        self._loaded_path = ""
        self._loaded_text = ""
        self._raster_key = None
        self.mapping: Optional[ClassMappingWidget] = None
        if self.dialogType == DIALOG_STANDARD:
            return self._standard_widget()
        return self._path_widget(with_mapping=self.dialogType == DIALOG_MODELER)

    def createLabel(self):  # noqa: N802 - Processing API
        """The parameter's label, its optional suffix in QGIS's language (see ui.enum_widget.parameter_label)."""
        from .enum_widget import parameter_label

        return parameter_label(self.parameterDefinition(), self.dialogType)

    def _standard_widget(self) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mapping = ClassMappingWidget(widget, show_presets=False)
        self.mapping.setMinimumHeight(360)
        self.mapping.load_button.clicked.disconnect()
        self.mapping.load_button.clicked.connect(self._ask_load)
        self.mapping.save_button.clicked.disconnect()
        self.mapping.save_button.clicked.connect(self._ask_save)
        self.mapping.mappingChanged.connect(lambda: self.widgetValueHasChanged.emit(self))
        self.status = QLabel()
        self.status.setObjectName("legendWrapperStatus")
        self.status.setWordWrap(True)
        self.mapping.mappingChanged.connect(self._refresh_status)
        layout.addWidget(self.mapping)
        layout.addWidget(self.status)
        self._refresh_status()
        return widget

    def _path_widget(self, with_mapping: bool) -> QWidget:
        widget = QWidget()
        layout = QHBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self.path_combo = QComboBox()
        self.path_combo.setEditable(True)
        if with_mapping and hasattr(self.dialog, "getAvailableValuesOfType"):
            from qgis.core import QgsProcessingOutputFile, QgsProcessingOutputString, QgsProcessingParameterFile

            for value in self.dialog.getAvailableValuesOfType(
                QgsProcessingParameterFile, (QgsProcessingOutputFile, QgsProcessingOutputString)
            ):
                self.path_combo.addItem(self.dialog.resolveValueDescription(value), value)
        self.path_combo.setEditText("")
        layout.addWidget(self.path_combo, 1)
        browse = QToolButton()
        browse.setText("…")
        browse.setToolTip(tr("Choose a legend CSV"))
        browse.clicked.connect(self._browse)
        layout.addWidget(browse)
        if with_mapping:
            edit = QPushButton(tr("Map classes…"))
            edit.setToolTip(tr("Map raster values to ecosystems and save the legend CSV"))
            edit.clicked.connect(self._edit_in_dialog)
            layout.addWidget(edit)
        return widget

    # -- links with the other parameters ------------------------------------------------------

    def postInitialize(self, wrappers):  # noqa: N802 - Processing API
        """Follow the dialog's raster, band and legend preset."""
        for wrapper in wrappers:
            name = wrapper.parameterDefinition().name()
            if name == self.INPUT_NAME:
                self._input_wrapper = wrapper
            elif name == self.BAND_NAME:
                self._band_wrapper = wrapper
            elif name == self.PRESET_NAME:
                self._preset_wrapper = wrapper
        if self.mapping is None:
            return
        for wrapper in (self._input_wrapper, self._band_wrapper, self._preset_wrapper):
            if wrapper is not None:
                wrapper.widgetValueHasChanged.connect(lambda _w: self.refresh_from_dialog())
        self.refresh_from_dialog()

    def _wrapper_value(self, wrapper):
        if wrapper is None:
            return None
        value = wrapper.widgetValue() if hasattr(wrapper, "widgetValue") else wrapper.parameterValue()
        return value

    def _raster(self):
        """(path, band, layer) of the dialog's raster, or None."""
        from qgis.core import QgsMapLayer, QgsProject

        value = self._wrapper_value(self._input_wrapper)
        layer = None
        if isinstance(value, QgsMapLayer):
            layer = value
        elif isinstance(value, str) and value:
            layer = QgsProject.instance().mapLayer(value)
            if layer is None:
                path = value.split("|")[0]
                return (path, self._band(), None) if os.path.isfile(path) else None
        path = layer_file(layer)
        return (path, self._band(), layer) if path else None

    def _band(self) -> Optional[int]:
        value = self._wrapper_value(self._band_wrapper)
        try:
            band = int(value)
        except (TypeError, ValueError):
            return None
        return band if band > 0 else None

    def _preset(self) -> str:
        value = self._wrapper_value(self._preset_wrapper)
        choices = [AUTO_LEGEND, NO_LEGEND] + preset_ids()
        if isinstance(value, int) and 0 <= value < len(choices):
            value = choices[value]
        return value if isinstance(value, str) and value else AUTO_LEGEND

    def refresh_from_dialog(self) -> None:
        """Re-read the raster's values and re-apply the preset when the raster, band or preset changed."""
        if self.mapping is None:
            return
        raster = self._raster()
        key = (raster[0], raster[1], self._preset()) if raster else (None, None, self._preset())
        if key == self._raster_key:
            return
        self._raster_key = key
        preset = NO_LEGEND
        try:
            if raster is None:
                self.mapping.clear()
            else:
                self.mapping.set_raster(*raster)
            self.mapping.recognition.setVisible(False)
            if key[2] == AUTO_LEGEND and raster is not None:
                preset = self.mapping.recognise(recognise_raster_legend(raster[0], raster[1]))
            else:
                preset = FALLBACK_LEGEND if key[2] == AUTO_LEGEND else key[2]
                self.mapping.apply_preset(preset)
        except BlueCarbonError as err:
            self.mapping.clear()
            self.mapping.summary.setText(f"<span style='color:#b00020'>{err}</span>")
        # the preset alone serves when it defines every value (or no legend is asked for); otherwise the
        # table (undefined values set to not habitat) is written, so the run does not stop on them
        covers = preset == NO_LEGEND or not self.mapping.undefined_values()
        self._baseline = self.mapping.to_text() if covers else ""
        self._loaded_path = ""
        self._refresh_status()

    def _refresh_status(self) -> None:
        if self.mapping is None:
            return
        text = self.mapping.to_text()
        if not self.mapping.rows():
            self.status.setText(tr("No raster chosen: the legend preset above applies."))
        elif self._loaded_path and text == self._loaded_text:
            self.status.setText(tr("The algorithm reads the legend file {0}.").format(self._loaded_path))
        elif text == self._baseline:
            self.status.setText(tr("The table is the legend preset above; change an ecosystem to write your own legend."))
        else:
            self.status.setText(tr("The algorithm reads this table (written as a legend CSV when it runs)."))

    # -- files --------------------------------------------------------------------------------

    def _ask_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.widget, tr("Load a legend CSV"), "", tr("CSV files (*.csv)"))
        if path:
            self.setValue(path)

    def _ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.widget, tr("Save the legend CSV"), "", tr("CSV files (*.csv)"))
        if path:
            if not path.lower().endswith(".csv"):
                path += ".csv"
            if self.mapping._try(lambda: self.mapping.save_csv(path)):
                self._loaded_path, self._loaded_text = path, self.mapping.to_text()
                self._refresh_status()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.widget, tr("Choose a legend CSV"), "", tr("CSV files (*.csv)"))
        if path:
            self.path_combo.setEditText(path)

    def _edit_in_dialog(self) -> None:
        current = self.path_combo.currentText().strip()
        dialog = ClassMappingDialog(self.widget, current)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.mapping.rows():
            return
        path, _ = QFileDialog.getSaveFileName(self.widget, tr("Save the legend CSV"), current, tr("CSV files (*.csv)"))
        if path:
            if not path.lower().endswith(".csv"):
                path += ".csv"
            if dialog.mapping._try(lambda: dialog.mapping.save_csv(path)):
                self.path_combo.setEditText(path)

    # -- value --------------------------------------------------------------------------------

    def setValue(self, value):  # noqa: N802 - Processing API
        """Show a legend CSV (a path) or nothing."""
        if self.mapping is None:
            if isinstance(value, str):
                self.setComboValue(value, self.path_combo)
                if self.path_combo.currentText() != value:
                    self.path_combo.setEditText(value)
            return
        if isinstance(value, str) and value and os.path.isfile(value):
            if self.mapping._try(lambda: self.mapping.load_csv(value)):
                self._loaded_path, self._loaded_text = value, self.mapping.to_text()
        self._refresh_status()

    def value(self):
        """The legend CSV the algorithm reads (None: the LEGEND_PRESET applies)."""
        if self.mapping is None:
            data = self.path_combo.currentData()
            text = self.path_combo.currentText().strip()
            if data is not None and self.path_combo.itemText(self.path_combo.currentIndex()) == text:
                return data
            return text or None
        if not self.mapping.rows():
            return None
        text = self.mapping.to_text()
        if self._loaded_path and text == self._loaded_text:
            return self._loaded_path
        if text == self._baseline:
            return None
        path = temp_legend_path(text)
        if not os.path.exists(path):
            self.mapping.save_csv(path)
        return path


__all__ = [
    "ClassMappingDialog",
    "ClassMappingWidget",
    "LegendWidgetWrapper",
    "MappingRow",
    "RasterClass",
    "legend_widget_metadata",
    "temp_legend_path",
    "read_raster_classes",
]

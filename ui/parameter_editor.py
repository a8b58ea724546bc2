"""Carbon parameter table editor: a preset's rows with value, unit, range, distribution and source, and overrides.

Every value the user types goes through core.parameters: ``ParameterTable.override`` checks the
number, the unit (the canonical unit of the parameter registry or an accepted spelling) and the
allowed range, and marks the row user-defined (source ``user``, note "User value; replaces …").
The editor shows the check inline while the user types and refuses values the core refuses. The
overrides are written as a parameter table CSV (:meth:`ParameterEditorWidget.write_overrides`)
that the algorithms take as ``PARAMETERS_FILE`` over the preset in ``PARAMETERS``: the table they
write (sinkcapacity's ``OUTPUT_PARAMETERS``) keeps the user rows' source and note, so every output
says which values were the user's.
"""

from __future__ import annotations

import math
import re
from typing import Optional

from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, Qt, pyqtSignal
from qgis.PyQt.QtGui import QBrush, QColor, QFont
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import BlueCarbonError
from ..core.parameters import (
    APPLIES_TO,
    DEFAULT_PRESETS,
    PARAMETERS,
    Parameter,
    ParameterTable,
    effective_parameters,
    load_parameters,
    preset_ids,
)
from ..core.parameters import ECOSYSTEMS as PARAMETER_ECOSYSTEMS
from .common import ecosystem_label, escape, tr

(COL_ECOSYSTEM, COL_CLASS, COL_PARAMETER, COL_APPLIES_TO, COL_VALUE, COL_UNIT, COL_RANGE, COL_DISTRIBUTION, COL_STATUS,
 COL_CONFIRMED, COL_SOURCE) = range(11)

USER_COLOUR = "#fff3c4"
ERROR_STYLE = "QLineEdit { background: #fde2e1; border: 1px solid #b00020; }"
OK_STYLE = "QLineEdit { background: #e7f5e9; border: 1px solid #2e7d32; }"

DISTRIBUTION_LABELS = {
    "normal": QT_TRANSLATE_NOOP("BlueCarbon", "normal"),
    "lognormal": QT_TRANSLATE_NOOP("BlueCarbon", "lognormal"),
    "uniform": QT_TRANSLATE_NOOP("BlueCarbon", "uniform"),
    "triangular": QT_TRANSLATE_NOOP("BlueCarbon", "triangular"),
    "fixed": QT_TRANSLATE_NOOP("BlueCarbon", "fixed"),
}
"""Labels of the distributions (core.parameters.DISTRIBUTIONS) in the Distribution column; the table keeps the key."""

APPLIES_TO_LABELS = {
    "any": QT_TRANSLATE_NOOP("BlueCarbon", "any cell"),
    "remaining": QT_TRANSLATE_NOOP("BlueCarbon", "intact stands"),
    "restored": QT_TRANSLATE_NOOP("BlueCarbon", "restored or created"),
    "drained": QT_TRANSLATE_NOOP("BlueCarbon", "drained or converted"),
}
"""Labels of core.parameters.APPLIES_TO in the Applies to column; the table keeps the key."""

DEFAULTS = "defaults"
"""Data of the preset drop-down entry that stands for core.parameters.DEFAULT_PRESETS."""

PRESET_TITLES = (
    QT_TRANSLATE_NOOP("BlueCarbon", "China coastal blue carbon: rates and stocks from Chinese national and regional "
                                    "syntheses"),
    QT_TRANSLATE_NOOP("BlueCarbon", "InVEST Coastal Blue Carbon default disturbance fractions and half-lives "
                                    "(user's guide Table 1)"),
    QT_TRANSLATE_NOOP("BlueCarbon", "IPCC 2013 Wetlands Supplement, Tier 1 defaults for coastal wetlands (chapter 4)"),
    QT_TRANSLATE_NOOP("BlueCarbon", "Mcleod et al. 2011: global mean long-term carbon burial rates of blue-carbon "
                                    "ecosystems"),
    QT_TRANSLATE_NOOP("BlueCarbon", "Wang et al. 2019: carbon accumulation rate of tidal marshes of the contiguous "
                                    "United States"),
)
"""Titles (``# title:``) of the presets in resources/parameters, marked for translation: the editor shows
a preset's title through tr(), so a title not listed here (a new or renamed preset) stays as in its file."""

_NUMBER_AND_UNIT = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def split_value(text: str) -> tuple[str, Optional[str]]:
    """'2.5 t C/ha/yr' → ('2.5', 't C/ha/yr'); '2.5' → ('2.5', None); text that is no number → (text, None)."""
    match = _NUMBER_AND_UNIT.match(text)
    if not match:
        return text.strip(), None
    return match.group(1), (match.group(2) or None)


def fmt(value: Optional[float]) -> str:
    """A number as the table shows it ('' for none)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.6g}"


def allowed_range(parameter: str) -> str:
    """The registry's allowed range of a parameter, e.g. '≥ 0', '0 – 1', '> 0'."""
    spec = PARAMETERS[parameter]
    low = "" if spec.minimum == -math.inf else fmt(spec.minimum)
    high = "" if spec.maximum == math.inf else fmt(spec.maximum)
    if low and high:
        return f"{low} – {high}" if spec.min_inclusive else f"> {low}, ≤ {high}"
    if low:
        return f"≥ {low}" if spec.min_inclusive else f"> {low}"
    if high:
        return f"≤ {high}"
    return tr("any number")


def distribution_label(kind: str) -> str:
    """The translated label of a distribution key ('triangular' → 'triangular' in English); unknown keys as they are."""
    label = DISTRIBUTION_LABELS.get(kind)
    return tr(label) if label else kind


def is_user_value(row: Parameter) -> bool:
    """True when a row is the user's: an override, or a row of the user's own table."""
    return row.user_defined or row.source == "user" or row.note.startswith("User value")


class _ValueDelegate(QStyledItemDelegate):
    """Line editor of the Value column: checked by the core on every keystroke, refused when invalid."""

    def __init__(self, owner: "ParameterEditorWidget") -> None:
        super().__init__(owner.table)
        self.owner = owner

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt API
        editor = QLineEdit(parent)
        editor.setObjectName("parameterValueEditor")
        editor.textEdited.connect(lambda text, row=index.row(), box=editor: self._check(row, text, box))
        return editor

    def _check(self, row: int, text: str, editor: QLineEdit) -> None:
        error = self.owner.check_value_at(row, text)
        editor.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        editor.setToolTip(error)

    def setEditorData(self, editor, index):  # noqa: N802 - Qt API
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor, model, index):  # noqa: N802 - Qt API
        self.owner.set_value_at(index.row(), editor.text())  # refreshes the table, or shows the refusal


class ParameterEditorWidget(QWidget):
    """A carbon parameter preset in a table, with overrides checked against core.parameters' registry.

    Main API: :meth:`set_preset`, :meth:`set_value` (returns the error text, '' when accepted),
    :meth:`check_value`, :meth:`parameter_table`, :meth:`overrides`, :meth:`write_overrides`,
    :meth:`reset`; ``tableChanged`` is emitted after every accepted change.
    """

    tableChanged = pyqtSignal()

    def __init__(self, parent: Optional[QWidget] = None, preset: "str | list" = DEFAULT_PRESETS) -> None:
        super().__init__(parent)
        self._presets: list = []
        self._own_path = ""
        self._own_only = False
        self._edits: dict = {}  # (subject, parameter, applies_to) → (value text, unit or None), in order of entry
        self._table: Optional[ParameterTable] = None
        self._keys: list[tuple] = []
        self._updating = False
        self._build()
        ids = preset_ids()
        wanted = [p for p in ([preset] if isinstance(preset, str) else list(preset)) if p in ids]
        self.set_presets(wanted or ids[:1])

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Carbon parameter preset:")))
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("parameterPresetCombo")
        self.preset_combo.addItem(tr("Default presets ({0})").format(" + ".join(DEFAULT_PRESETS)), DEFAULTS)
        for preset_id in preset_ids():
            self.preset_combo.addItem(_preset_title(preset_id), preset_id)
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset_combo.setMinimumContentsLength(24)
        self.preset_combo.activated.connect(lambda _i: self._presets_chosen())
        bar.addWidget(self.preset_combo, 1)
        bar.addWidget(QLabel(tr("then:")))
        self.merge_combo = QComboBox()
        self.merge_combo.setObjectName("parameterMergeCombo")
        self.merge_combo.setToolTip(tr("A second preset merged over the first (its rows win), e.g. the InVEST "
                                       "disturbance shares and half-lives the change step needs"))
        self.merge_combo.addItem(tr("(no second preset)"), "")
        for preset_id in preset_ids():
            self.merge_combo.addItem(_preset_title(preset_id), preset_id)
        self.merge_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.merge_combo.setMinimumContentsLength(16)
        self.merge_combo.activated.connect(lambda _i: self._presets_chosen())
        bar.addWidget(self.merge_combo, 1)
        self.own_only_box = QCheckBox(tr("Use only my parameter table"))
        self.own_only_box.setObjectName("parameterOwnOnly")
        self.own_only_box.toggled.connect(self.set_own_only)
        self.reset_button = QPushButton(tr("Reset"))
        self.reset_button.setToolTip(tr("Drop the values you changed and go back to the preset"))
        self.reset_button.clicked.connect(self.reset)
        self.load_button = QPushButton(tr("Load table…"))
        self.load_button.setToolTip(tr("Load your own parameter table (CSV); its rows replace the preset's"))
        self.load_button.clicked.connect(self._ask_load)
        self.save_button = QPushButton(tr("Save table…"))
        self.save_button.setToolTip(tr("Save the table as used, with sources and your values marked"))
        self.save_button.clicked.connect(self._ask_save)
        layout.addLayout(bar)

        second = QHBoxLayout()
        self.source_label = QLabel()
        self.source_label.setObjectName("parameterPresetSource")
        self.source_label.setWordWrap(True)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        second.addWidget(self.source_label, 1)
        second.addWidget(self.own_only_box, 0, Qt.AlignmentFlag.AlignTop)
        for button in (self.reset_button, self.load_button, self.save_button):
            second.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(second)

        self.table = QTableWidget(0, 11)
        self.table.setObjectName("parameterTable")
        self.table.setHorizontalHeaderLabels([
            tr("Ecosystem"), tr("Class"), tr("Parameter"), tr("Applies to"), tr("Value"), tr("Unit"), tr("Range"),
            tr("Distribution"), tr("Status"), tr("Confirmed"), tr("Source"),
        ])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col in range(COL_SOURCE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_SOURCE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_SOURCE, 280)
        header.setStretchLastSection(True)
        self.table.setItemDelegateForColumn(COL_VALUE, _ValueDelegate(self))
        layout.addWidget(self.table, 1)

        add = QHBoxLayout()
        add.addWidget(QLabel(tr("Add a value:")))
        self.add_ecosystem = QComboBox()
        for key in PARAMETER_ECOSYSTEMS:
            self.add_ecosystem.addItem(ecosystem_label(key), key)
        self.add_parameter = QComboBox()
        for name, spec in PARAMETERS.items():
            self.add_parameter.addItem(name, name)
            self.add_parameter.setItemData(self.add_parameter.count() - 1, spec.description, Qt.ItemDataRole.ToolTipRole)
        self.add_class = QLineEdit()
        self.add_class.setObjectName("parameterAddClass")
        self.add_class.setPlaceholderText(tr("class value (optional)"))
        self.add_class.setToolTip(tr("A raster class value: the row is for that class only, not the whole ecosystem"))
        self.add_applies_to = QComboBox()
        self.add_applies_to.setObjectName("parameterAddAppliesTo")
        for key in APPLIES_TO:
            self.add_applies_to.addItem(applies_to_label(key), key)
        self.add_value = QLineEdit()
        self.add_value.setObjectName("parameterAddValue")
        self.add_value.setPlaceholderText(tr("value [unit]"))
        self.add_value.textEdited.connect(self._check_new)
        self.add_parameter.currentIndexChanged.connect(lambda _i: self._check_new(self.add_value.text()))
        self.add_ecosystem.currentIndexChanged.connect(lambda _i: self._check_new(self.add_value.text()))
        self.add_applies_to.currentIndexChanged.connect(lambda _i: self._check_new(self.add_value.text()))
        self.add_class.textEdited.connect(lambda _t: self._check_new(self.add_value.text()))
        self.add_button = QPushButton(tr("Add"))
        self.add_button.clicked.connect(self._add_clicked)
        add.addWidget(self.add_ecosystem)
        add.addWidget(self.add_class)
        add.addWidget(self.add_parameter, 1)
        add.addWidget(self.add_applies_to)
        add.addWidget(self.add_value)
        add.addWidget(self.add_button)
        layout.addLayout(add)

        self.message = QLabel()
        self.message.setObjectName("parameterEditorMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    # -- state --------------------------------------------------------------------------------

    def set_preset(self, preset_id: str) -> None:
        """Show one shipped preset (see :meth:`set_presets`)."""
        self.set_presets([preset_id])

    def set_presets(self, preset_ids_: list) -> None:
        """Show shipped presets merged in order (later rows win), as core.parameters.effective_parameters merges them.

        Values the user changed are kept, whether the new presets have their rows or not.
        """
        ids = [p for p in preset_ids_ if p]
        if not ids:
            return
        self._presets = ids
        tables = [load_parameters(p) for p in ids]
        defaults = ids == list(DEFAULT_PRESETS)
        chosen = ((self.preset_combo, DEFAULTS), (self.merge_combo, "")) if defaults else (
            (self.preset_combo, ids[0]), (self.merge_combo, ids[1] if len(ids) > 1 else ""))
        for combo, preset_id in chosen:
            index = combo.findData(preset_id)
            if index >= 0 and index != combo.currentIndex():
                combo.setCurrentIndex(index)
        self.source_label.setText("<br>".join(f"<b>{escape(tr(t.title))}</b>" for t in tables))
        self.source_label.setToolTip("\n\n".join(f"{tr(t.title)}: {t.meta.get('source', '')}" for t in tables))
        self._rebuild()
        self._say("")

    def _presets_chosen(self) -> None:
        first = self.preset_combo.currentData()
        ids = list(DEFAULT_PRESETS) if first == DEFAULTS else [first]
        second = self.merge_combo.currentData()
        if second and second not in ids:
            ids.append(second)
        self.set_presets(ids)

    def set_own_only(self, own_only: bool) -> None:
        """Use only the user's table (the loaded one and the values typed), nothing filled in from presets."""
        if bool(own_only) == self._own_only:
            return
        self._own_only = bool(own_only)
        if self.own_only_box.isChecked() != self._own_only:
            self.own_only_box.setChecked(self._own_only)
        self._rebuild()

    def own_only(self) -> bool:
        """True when only the user's table is used (the algorithms' OWN_ONLY)."""
        return self._own_only

    def _base(self) -> ParameterTable:
        """The effective table without the values typed here (core.parameters.effective_parameters)."""
        if self._own_only and not self._own_path:
            return ParameterTable([], {"title": tr("User values")}, name="user_values")
        return effective_parameters(self._presets, self._own_path or None, self._own_only).table

    def _rebuild(self) -> None:
        """The table shown: the effective table, then every value typed here (core's override checks each)."""
        table = self._base()
        for (subject, parameter, applies_to), (number, unit) in self._edits.items():
            fields = {"unit": unit} if unit else {}
            table = table.override(subject, parameter, number, applies_to=applies_to, **fields)
        self._table = table
        self._fill()
        self.tableChanged.emit()

    def preset(self) -> str:
        """Id of the first preset shown."""
        return self._presets[0] if self._presets else ""

    def presets(self) -> list:
        """Ids of the presets shown, in merge order (the algorithms' PARAMETERS)."""
        return list(self._presets)

    def parameter_table(self) -> ParameterTable:
        """The table as used: the presets (or the own table alone) with the user's values."""
        if self._table is None:  # a programming error: set_presets() runs in __init__
            raise RuntimeError("ParameterEditor has no preset loaded")
        return self._table

    def overrides(self) -> Optional[ParameterTable]:
        """The user's rows only (None when there are none): what the algorithms take as PARAMETERS_FILE."""
        if self._table is None:
            return None
        rows = [r for r in self._table if is_user_value(r)]
        if not rows:
            return None
        title = " + ".join(_preset_title(p) for p in self._presets)
        meta = {
            "title": tr("User values over {0}").format(title) if title else tr("User values"),
            "note": tr("Written by the Blue Carbon parameter editor: every row is a value the user gave."),
        }
        return ParameterTable(rows, meta, name="user_values")

    def write_overrides(self, path: str) -> bool:
        """Write the user's rows as a parameter table CSV; False (nothing written) when there are none."""
        user = self.overrides()
        if user is None:
            return False
        user.to_csv(path)
        return True

    def reset(self) -> None:
        """Drop every user value and the loaded table: back to the presets."""
        self._edits = {}
        self._own_path = ""
        self._rebuild()

    def load_table(self, path: str) -> None:
        """Use the user's own table (CSV) over the presets (raises core's InputError when malformed)."""
        own = load_parameters(path)
        self._own_path = path
        self._rebuild()
        self._say(tr("Loaded {0} rows from {1}.").format(len(own), path))

    # -- values -------------------------------------------------------------------------------

    def check_value(self, ecosystem: "str | int", parameter: str, text: str, applies_to: Optional[str] = None) -> str:
        """The core's objection to ``text`` ('2.5' or '2.5 t C/ha/yr') as the value of a row; '' when valid.

        ``ecosystem`` is an ecosystem key or a raster class value; ``applies_to`` None means the row there is.
        """
        return self._override(ecosystem, parameter, text, applies_to)[1]

    def set_value(self, ecosystem: "str | int", parameter: str, text: str, applies_to: Optional[str] = None) -> str:
        """Override a row (or add it) with ``text``; returns '' when accepted, else the error (nothing changes)."""
        table, error = self._override(ecosystem, parameter, text, applies_to)
        if error:
            self._say(tr("Refused: {0}").format(error), error=True)
            return error
        row = next(r for r in table if r.subject == ecosystem and r.parameter == parameter and is_user_value(r)
                   and (applies_to is None or r.applies_to == applies_to))
        number, unit = split_value(text)
        self._edits[(ecosystem, parameter, row.applies_to)] = (number, unit)
        self._rebuild()
        self._say(
            tr("{0} of {1} set to {2} {3} (user-defined; fixed, no uncertainty drawn).").format(
                parameter, _subject_label(ecosystem), fmt(row.value), row.unit
            )
        )
        return ""

    def check_value_at(self, row: int, text: str) -> str:
        """:meth:`check_value` for table row ``row``; shows the result under the table."""
        ecosystem, parameter, applies_to = self._keys[row]
        error = self.check_value(ecosystem, parameter, text, applies_to)
        if error:
            self._say(error, error=True)
        else:
            self._say(tr("{0} {1}: valid.").format(parameter, text.strip()))
        return error

    def set_value_at(self, row: int, text: str) -> str:
        """:meth:`set_value` for table row ``row`` (unchanged text is no override)."""
        ecosystem, parameter, applies_to = self._keys[row]
        current = self.parameter_table().get(ecosystem, parameter, applies_to)
        number, unit = split_value(text)
        try:
            if float(number) == current.value and unit in (None, current.unit):
                return ""
        except ValueError:
            pass
        return self.set_value(ecosystem, parameter, text, applies_to)

    def _override(self, ecosystem: "str | int", parameter: str, text: str,
                  applies_to: Optional[str] = None) -> tuple[Optional[ParameterTable], str]:
        number, unit = split_value(text)
        if not number:
            return None, tr("Type a value (a number, optionally followed by its unit).")
        fields: dict = {"unit": unit} if unit else {}
        if applies_to:
            fields["applies_to"] = applies_to
        try:
            return self.parameter_table().override(ecosystem, parameter, number, **fields), ""
        except BlueCarbonError as err:
            return None, str(err)

    def _check_new(self, text: str) -> None:
        if not text.strip():
            self.add_value.setStyleSheet("")
            return
        subject = self._add_subject()
        if subject is None:
            self.add_value.setStyleSheet(ERROR_STYLE)
            self._say(tr("The class value must be a whole number (a value of the raster)."), error=True)
            return
        error = self.check_value(subject, self.add_parameter.currentData(), text, self.add_applies_to.currentData())
        self.add_value.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self._say(error or tr("Valid."), error=bool(error))

    def _add_subject(self) -> "str | int | None":
        """The class value typed (an int), else the ecosystem chosen; None for a class that is no whole number."""
        text = self.add_class.text().strip()
        if not text:
            return self.add_ecosystem.currentData()
        try:
            return int(text)
        except ValueError:
            return None

    def _add_clicked(self) -> None:
        subject = self._add_subject()
        if subject is None:
            self._check_new(self.add_value.text())
            return
        if not self.set_value(subject, self.add_parameter.currentData(), self.add_value.text(),
                              self.add_applies_to.currentData()):
            self.add_value.clear()
            self.add_value.setStyleSheet("")

    # -- table --------------------------------------------------------------------------------

    def _fill(self) -> None:
        rows = self.parameter_table().rows
        self._keys = [(r.subject, r.parameter, r.applies_to) for r in rows]
        self._updating = True
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            user = is_user_value(r)
            spec = PARAMETERS[r.parameter]
            rng = f"{fmt(r.low)} – {fmt(r.high)}" if r.low is not None and r.high is not None else (
                f"± {fmt(r.sd)}" if r.sd else "")
            cells = [
                ecosystem_label(r.ecosystem) if r.ecosystem else "", "" if r.cls is None else str(r.cls), r.parameter,
                applies_to_label(r.applies_to), fmt(r.value), r.unit, rng, distribution_label(r.distribution),
                tr("user-defined") if user else tr("preset"), tr("yes") if r.confirmed else tr("no"), r.source,
            ]
            for col, text in enumerate(cells):
                item = self.table.item(i, col)  # reused: the Value item may be the one being committed
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(i, col, item)
                item.setText(text)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if col == COL_VALUE:
                    flags |= Qt.ItemFlag.ItemIsEditable
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setFlags(flags)
                item.setBackground(QBrush(QColor(USER_COLOUR)) if user else QBrush())
                font = QFont()
                font.setBold(user and col in (COL_VALUE, COL_STATUS))
                item.setFont(font)
                item.setToolTip(self._tooltip(r, spec))
        self._updating = False

    @staticmethod
    def _tooltip(row: Parameter, spec) -> str:
        lines = [
            f"{row.parameter} ({spec.unit}): {spec.description}",
            tr("Allowed: {0} ({1}).").format(allowed_range(row.parameter), spec.range_rule),
        ]
        if row.note:
            lines.append(row.note)
        return "\n".join(lines)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color:#b00020" if error else "color:#2e4a2e")
        self.message.setText(text)

    # -- files --------------------------------------------------------------------------------

    def _ask_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Load a parameter table"), "", tr("CSV files (*.csv)"))
        if path:
            try:
                self.load_table(path)
            except BlueCarbonError as err:
                self._say(str(err), error=True)

    def _ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the parameter table"), "", tr("CSV files (*.csv)"))
        if path:
            if not path.lower().endswith(".csv"):
                path += ".csv"
            try:
                self.parameter_table().to_csv(path)
                self._say(tr("Saved {0}.").format(path))
            except (BlueCarbonError, OSError) as err:
                self._say(str(err), error=True)


class ParameterEditorDialog(QDialog):
    """The parameter editor in a dialog with OK / Cancel."""

    def __init__(self, parent: Optional[QWidget] = None, preset: "str | list" = DEFAULT_PRESETS) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Carbon parameters"))
        layout = QVBoxLayout(self)
        self.editor = ParameterEditorWidget(self, preset)
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1000, 560)


def _preset_title(preset_id: str) -> str:
    """The translated title of a shipped preset (see PRESET_TITLES); its id when it cannot be read."""
    try:
        return tr(load_parameters(preset_id).title)
    except BlueCarbonError:
        return preset_id


def _subject_label(subject: "str | int") -> str:
    """An ecosystem's label, or 'class 95' for a row of one raster class."""
    return tr("class {0}").format(subject) if isinstance(subject, int) else ecosystem_label(subject)


def applies_to_label(key: str) -> str:
    """The translated label of an applies_to key; unknown keys as they are."""
    return tr(APPLIES_TO_LABELS[key]) if key in APPLIES_TO_LABELS else key


__all__ = [
    "ParameterEditorDialog",
    "ParameterEditorWidget",
    "allowed_range",
    "is_user_value",
    "split_value",
]

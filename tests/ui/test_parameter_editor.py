"""Parameter editor: preset shown as loaded, values typed and checked by the core, overrides in the outputs."""

from __future__ import annotations

import csv

import pytest
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QApplication, QLineEdit

from bluecarbon.core.parameters import load_parameters
from bluecarbon.ui.parameter_editor import COL_STATUS, COL_VALUE, ParameterEditorWidget
from rasters import SAMPLE



def _row_of(editor: ParameterEditorWidget, ecosystem: str, parameter: str, applies_to: str = "any") -> int:
    key = (ecosystem, parameter) if applies_to == "any" else (ecosystem, parameter, applies_to)
    return [r.key for r in editor.parameter_table().rows].index(key)


def _type_value(qtbot, editor: ParameterEditorWidget, row: int, text: str) -> QLineEdit:
    """Open the Value cell's editor, select what is there and type ``text`` (not committed)."""
    table = editor.table
    table.setCurrentCell(row, COL_VALUE)
    table.editItem(table.item(row, COL_VALUE))
    line = table.findChild(QLineEdit, "parameterValueEditor")
    assert line is not None
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)
    return line


def _commit(qtbot, line: QLineEdit) -> None:
    qtbot.keyClick(line, Qt.Key.Key_Return)
    QApplication.processEvents()


def test_preset_rows_as_in_the_file(qtbot) -> None:
    """Every row of the preset with its value, unit, range, distribution, source and confirmation."""
    editor = ParameterEditorWidget(preset="ipcc_2013_tier1")
    qtbot.addWidget(editor)
    preset = load_parameters("ipcc_2013_tier1")
    assert editor.table.rowCount() == len(preset)
    row = _row_of(editor, "mangrove", "soil_accumulation", "restored")  # IPCC's EF_RE: restored wetlands only
    cells = [editor.table.item(row, c).text() for c in range(11)]
    assert cells == ["Mangrove", "", "soil_accumulation", "restored or created", "1.62", "t C/ha/yr", "1.3 – 2", "fixed",
                     "preset", "no", preset.get("mangrove", "soil_accumulation").source]
    assert "IPCC 2013 Wetlands Supplement" in editor.source_label.text()
    assert preset.meta["source"] in editor.source_label.toolTip()
    assert editor.overrides() is None

    editor.set_preset("mcleod_2011")
    assert editor.table.rowCount() == len(load_parameters("mcleod_2011"))


def test_typed_values_are_checked_and_invalid_ones_refused(qtbot, screenshot) -> None:
    """Negative rate, wrong unit and text are refused with the core's message; a valid value is user-defined."""
    editor = ParameterEditorWidget(preset="ipcc_2013_tier1")
    qtbot.addWidget(editor)
    editor.show()
    row = _row_of(editor, "mangrove", "soil_accumulation", "restored")

    line = _type_value(qtbot, editor, row, "-1")
    assert "rates cannot be negative" in editor.message.text()
    assert "fde2e1" in line.styleSheet()  # red while invalid
    _commit(qtbot, line)
    assert editor.message.text().startswith("Refused:")
    assert editor.parameter_table().value("mangrove", "soil_accumulation") == 1.62
    assert editor.table.item(row, COL_VALUE).text() == "1.62"

    line = _type_value(qtbot, editor, row, "210 g C m-2 yr-1")
    assert "is not the unit of soil_accumulation; it is t C/ha/yr" in editor.message.text()
    _commit(qtbot, line)
    assert editor.parameter_table().value("mangrove", "soil_accumulation") == 1.62

    line = _type_value(qtbot, editor, row, "2.1 Mg C/ha/yr")  # an accepted spelling of t C/ha/yr
    assert editor.message.text().endswith("valid.")
    assert "e7f5e9" in line.styleSheet()
    _commit(qtbot, line)
    value = editor.parameter_table().get("mangrove", "soil_accumulation", "restored")
    assert (value.value, value.unit, value.source, value.distribution) == (2.1, "t C/ha/yr", "user", "fixed")
    assert value.note.startswith("User value; replaces 1.62 t C/ha/yr")
    assert editor.table.item(row, COL_STATUS).text() == "user-defined"

    # a fraction above 1 is refused through the API as well
    assert "fractions lie between 0 and 1" in editor.set_value("mangrove", "carbon_fraction", "1.4")
    # a parameter the preset lacks can be added
    assert editor.set_value("salt_marsh", "aboveground_biomass_stock", "3.5") == ""
    assert editor.parameter_table().value("salt_marsh", "aboveground_biomass_stock") == 3.5
    # a row of one raster class, for intact stands only, beside the ecosystem's rows
    assert editor.set_value(95, "soil_accumulation", "1.9", "remaining") == ""
    row_95 = editor.parameter_table().get(95, "soil_accumulation", "remaining")
    assert (row_95.cls, row_95.value, row_95.applies_to) == (95, 1.9, "remaining")
    shown = _row_of(editor, 95, "soil_accumulation", "remaining")
    assert [editor.table.item(shown, c).text() for c in (1, 3, 4)] == ["95", "intact stands", "1.9"]
    editor.add_value.setText("-2")
    editor._check_new("-2")
    assert "stocks cannot be negative" in editor.message.text() or "cannot be negative" in editor.message.text()
    editor.table.clearSelection()
    editor.table.scrollToTop()
    screenshot(editor, "parameter_editor", (1000, 520))

    editor.reset()
    assert editor.overrides() is None
    assert editor.parameter_table().value("mangrove", "soil_accumulation") == 1.62


def test_default_presets_and_own_table_only(qtbot, tmp_path) -> None:
    """The default presets, as core.parameters.effective_parameters merges them; 'use only my table' drops them."""
    from bluecarbon.core.parameters import DEFAULT_PRESETS, effective_parameters

    editor = ParameterEditorWidget()
    qtbot.addWidget(editor)
    assert editor.presets() == list(DEFAULT_PRESETS)
    assert editor.parameter_table() == effective_parameters(list(DEFAULT_PRESETS)).table
    own = tmp_path / "own.csv"
    own.write_text("ecosystem,parameter,value,unit\nmangrove,soil_stock,300,t C/ha\n")
    editor.load_table(str(own))
    assert editor.parameter_table().value("mangrove", "soil_stock") == 300
    assert len(editor.parameter_table()) == len(effective_parameters(list(DEFAULT_PRESETS), own).table)
    editor.own_only_box.setChecked(True)
    assert editor.own_only() and [r.key for r in editor.parameter_table()] == [("mangrove", "soil_stock")]


def test_overrides_reach_the_sink_outputs(qtbot, provider, tmp_path) -> None:
    """The overrides file, given to sinkcapacity, changes the result and is flagged in OUTPUT_PARAMETERS."""
    import processing

    editor = ParameterEditorWidget()  # the default presets: Mcleod 2011 rates for intact stands, IPCC stocks
    qtbot.addWidget(editor)
    assert editor.set_value("mangrove", "soil_accumulation", "2.1", "remaining") == ""
    overrides = tmp_path / "user_values.csv"
    assert editor.write_overrides(str(overrides))
    processing.run("bluecarbon:sinkcapacity", {
        "INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "PARAMETERS": editor.presets(),
        "PARAMETERS_FILE": str(overrides), "DRAWS": 0,
        "OUTPUT_TABLE": str(tmp_path / "sink.csv"), "OUTPUT_PARAMETERS": str(tmp_path / "used.csv"),
    })
    with open(tmp_path / "sink.csv", newline="") as f:
        sink = {r["ecosystem"]: r for r in csv.DictReader(f)}
    area = float(sink["mangrove"]["area_ha"])
    assert float(sink["mangrove"]["sequestration_tC_yr"]) == pytest.approx(area * 2.1)
    assert float(sink["salt_marsh"]["sequestration_tC_yr"]) == pytest.approx(float(sink["salt_marsh"]["area_ha"]) * 2.18)
    used = load_parameters(str(tmp_path / "used.csv"))
    row = used.get("mangrove", "soil_accumulation", "remaining")
    assert (row.value, row.source) == (2.1, "user")
    assert row.note.startswith("User value; replaces 2.26")
    assert used.get("salt_marsh", "soil_accumulation", "remaining").source.startswith("Mcleod")
    assert used.get("mangrove", "soil_accumulation", "restored").source.startswith("IPCC 2014")

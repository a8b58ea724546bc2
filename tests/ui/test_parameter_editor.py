"""Parameter editor: preset shown as loaded, values typed and checked by the core, overrides in the outputs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QApplication, QLineEdit

from bluecarbon.core.parameters import load_parameters
from bluecarbon.ui.parameter_editor import COL_STATUS, COL_VALUE, ParameterEditorWidget

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "coastal_mosaic.tif"


def _row_of(editor: ParameterEditorWidget, ecosystem: str, parameter: str) -> int:
    return [r.key for r in editor.parameter_table().rows].index((ecosystem, parameter))


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
    row = _row_of(editor, "mangrove", "soil_accumulation")
    cells = [editor.table.item(row, c).text() for c in range(9)]
    assert cells == ["Mangrove", "soil_accumulation", "1.62", "t C/ha/yr", "1.3 – 2", "triangular", "preset", "no",
                     preset.get("mangrove", "soil_accumulation").source]
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
    row = _row_of(editor, "mangrove", "soil_accumulation")

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
    value = editor.parameter_table().get("mangrove", "soil_accumulation")
    assert (value.value, value.unit, value.source, value.distribution) == (2.1, "t C/ha/yr", "user", "fixed")
    assert value.note.startswith("User value; replaces 1.62 t C/ha/yr")
    assert editor.table.item(row, COL_STATUS).text() == "user-defined"

    # a fraction above 1 is refused through the API as well
    assert "fractions lie between 0 and 1" in editor.set_value("mangrove", "carbon_fraction", "1.4")
    # a parameter the preset lacks can be added
    assert editor.set_value("salt_marsh", "aboveground_biomass_stock", "3.5") == ""
    assert editor.parameter_table().value("salt_marsh", "aboveground_biomass_stock") == 3.5
    editor.add_value.setText("-2")
    editor._check_new("-2")
    assert "stocks cannot be negative" in editor.message.text() or "cannot be negative" in editor.message.text()
    editor.table.clearSelection()
    editor.table.scrollToTop()
    screenshot(editor, "parameter_editor", (1000, 520))

    editor.reset()
    assert editor.overrides() is None
    assert editor.parameter_table().value("mangrove", "soil_accumulation") == 1.62


def test_overrides_reach_the_sink_outputs(qtbot, provider, tmp_path) -> None:
    """The overrides file, given to sinkcapacity, changes the result and is flagged in OUTPUT_PARAMETERS."""
    import processing

    editor = ParameterEditorWidget(preset="ipcc_2013_tier1")
    qtbot.addWidget(editor)
    assert editor.set_value("mangrove", "soil_accumulation", "2.1") == ""
    overrides = tmp_path / "user_values.csv"
    assert editor.write_overrides(str(overrides))
    processing.run("bluecarbon:sinkcapacity", {
        "INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "PARAMETERS": editor.preset(),
        "PARAMETERS_FILE": str(overrides), "DRAWS": 0,
        "OUTPUT_TABLE": str(tmp_path / "sink.csv"), "OUTPUT_PARAMETERS": str(tmp_path / "used.csv"),
    })
    with open(tmp_path / "sink.csv", newline="") as f:
        sink = {r["ecosystem"]: r for r in csv.DictReader(f)}
    area = float(sink["mangrove"]["area_ha"])
    assert float(sink["mangrove"]["sequestration_tC_yr"]) == pytest.approx(area * 2.1)
    assert float(sink["salt_marsh"]["sequestration_tC_yr"]) == pytest.approx(float(sink["salt_marsh"]["area_ha"]) * 0.91)
    used = load_parameters(str(tmp_path / "used.csv"))
    row = used.get("mangrove", "soil_accumulation")
    assert (row.value, row.source) == (2.1, "user")
    assert row.note.startswith("User value; replaces 1.62")
    assert used.get("salt_marsh", "soil_accumulation").source.startswith("IPCC 2014")

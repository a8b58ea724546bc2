"""Assessment wizard: invalid choices stopped with a message before anything runs; a real run of the sample."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from qgis.PyQt.QtCore import Qt

from bluecarbon.core.parameters import load_parameters
from bluecarbon.ui.wizard import AssessmentWizard, algorithm_available
from rasters import SAMPLE, SAMPLE_2035, DEMAND

ROOT = Path(__file__).resolve().parents[2]
ALG = "bluecarbon:blueassessment"


def _layers(project):
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    first = QgsRasterLayer(str(SAMPLE), "coastal_mosaic")
    second = QgsRasterLayer(str(SAMPLE_2035), "coastal_mosaic_2035")
    demand = QgsVectorLayer(str(DEMAND), "demand_units", "ogr")
    for layer in (first, second, demand):
        assert layer.isValid()
        project.addMapLayer(layer)
    return first, second, demand


def _next(qtbot, wizard) -> int:
    """Press Next; return the id of the page shown afterwards."""
    from qgis.PyQt.QtWidgets import QWizard

    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    return wizard.currentId()


def test_invalid_choices_are_stopped_with_a_message(qtbot, provider, clean_project, screenshot, tmp_path) -> None:
    """Every page refuses what the assessment would refuse, before any run: nothing is written."""
    from rasters import write_raster

    first, second, demand = _layers(clean_project)
    other_grid = write_raster(tmp_path / "other_grid.tif", np.full((60, 80), 95, dtype=np.uint8))
    from qgis.core import QgsRasterLayer

    other = QgsRasterLayer(str(other_grid), "other_grid")
    clean_project.addMapLayer(other)
    wizard = AssessmentWizard()
    qtbot.addWidget(wizard)
    wizard.show()

    # 1. the topmost raster of the layer tree (the last added) is preselected; emptied, the page refuses
    assert wizard.land_cover.layer() is other
    wizard.land_cover.set_layer(None)
    assert _next(qtbot, wizard) == 0
    assert wizard.land_cover.message() == "Choose the land-cover raster."
    wizard.land_cover.set_layer(first)
    screenshot(wizard, "wizard_1_land_cover")
    assert _next(qtbot, wizard) == 1

    # 2. legend: the best preset is chosen (WorldCover); without any blue-carbon class the page refuses
    mapping = wizard.legend.mapping
    assert mapping.blue_carbon_values() == [90, 95]
    screenshot(wizard, "wizard_2_legend")
    mapping.set_ecosystem(90, "other_wetland")
    mapping.set_ecosystem(95, "non_habitat")
    assert _next(qtbot, wizard) == 1
    assert wizard.legend.message().startswith("No class is mapped to a blue-carbon ecosystem")
    screenshot(wizard, "wizard_2_legend_refused")
    mapping.set_ecosystem(95, "mangrove")
    mapping.set_ecosystem(90, "salt_marsh")
    assert _next(qtbot, wizard) == 2

    # 3. an area of interest without any polygon
    from qgis.core import QgsVectorLayer

    empty = QgsVectorLayer("Polygon?crs=EPSG:32649", "empty_aoi", "memory")
    clean_project.addMapLayer(empty)
    wizard.area.aoi_combo.setLayer(empty)
    assert _next(qtbot, wizard) == 2
    assert wizard.area.message() == "The area of interest 'empty_aoi' has no polygon."
    screenshot(wizard, "wizard_3_area_refused")
    wizard.area.aoi_combo.setLayer(None)
    assert _next(qtbot, wizard) == 3

    # 4. second date on another grid, then missing and unordered years
    page = wizard.second_date
    page.enable_check.setChecked(True)
    page.layer_combo.setLayer(other)
    assert _next(qtbot, wizard) == 3
    assert "is on another grid than the first" in page.message()
    page.layer_combo.setLayer(second)
    page.year_1.setText("2020")
    assert _next(qtbot, wizard) == 3
    assert page.message().startswith("Give the years of both maps")
    page.year_2.setText("2010")
    assert _next(qtbot, wizard) == 3
    assert "must be later than the first" in page.message()
    screenshot(wizard, "wizard_4_second_date_refused")
    page.year_2.setText("2035")
    assert _next(qtbot, wizard) == 4

    # 5. demand units without a demand field
    wizard.demand.units_combo.setLayer(demand)
    wizard.demand.field_combo.setField("")
    assert _next(qtbot, wizard) == 4
    assert wizard.demand.message().startswith("Choose the demand field")
    wizard.demand.field_combo.setField("emissions_tC_yr")
    screenshot(wizard, "wizard_5_demand")
    assert _next(qtbot, wizard) == 5
    screenshot(wizard, "wizard_6_parameters")
    assert _next(qtbot, wizard) == 6

    # 7. restoration switched on with no restorable class ticked
    restoration = wizard.restoration
    restoration.enable_check.setChecked(True)
    restoration.set_checked([])
    assert _next(qtbot, wizard) == 6
    assert restoration.message().startswith("Tick at least one restorable class")
    restoration.set_checked([60])
    assert _next(qtbot, wizard) == 7

    # 8. no output folder: the run does not start
    assert not wizard.run()
    assert "Choose the output folder." in wizard.run_page.message()
    assert wizard.task is None and wizard.run_page.log.toPlainText() == ""
    # a choice made invalid after its page was passed is caught again at the run
    wizard.run_page.folder_widget.setFilePath(str(tmp_path / "out"))
    page.year_1.setText("")
    assert not wizard.run()
    assert "Give the years of both maps" in wizard.run_page.message()
    assert not (tmp_path / "out").exists()
    screenshot(wizard, "wizard_7_run_refused")


def test_wizard_runs_the_assessment_and_adds_the_layers(qtbot, provider, clean_project, screenshot, tmp_path) -> None:
    """The sample with its 2035 scenario, demand units and one user value: layers, values and dashboard."""
    assert algorithm_available(), "the wizard's run needs bluecarbon:blueassessment, which the provider registers"
    from bluecarbon.ui.dashboard import ResultsDock

    first, second, demand = _layers(clean_project)
    wizard = AssessmentWizard()
    qtbot.addWidget(wizard)
    dock = ResultsDock()
    qtbot.addWidget(dock)
    wizard.resultsReady.connect(dock.load_folder)
    wizard.show()
    wizard.land_cover.set_layer(first)
    wizard.next()
    wizard.legend.mapping.set_ecosystem(60, "tidal_flat")
    wizard.next()
    wizard.next()
    wizard.second_date.enable_check.setChecked(True)
    wizard.second_date.layer_combo.setLayer(second)
    wizard.second_date.year_1.setText("2020")
    wizard.second_date.year_2.setText("2035")
    wizard.next()
    wizard.demand.units_combo.setLayer(demand)
    wizard.demand.field_combo.setField("emissions_tC_yr")
    wizard.demand.name_combo.setField("name")
    wizard.next()
    editor = wizard.carbon.editor
    assert editor.presets() == ["mcleod_2011", "ipcc_2013_tier1", "invest_cbc_defaults"]  # the algorithm's default
    assert editor.set_value("mangrove", "soil_accumulation", "2.1", "remaining") == ""
    wizard.carbon.draws.setValue(200)
    wizard.carbon.edge_depth.setValue(20.0)
    wizard.carbon.edge_factor.setValue(0.6)
    wizard.next()
    assert wizard.currentId() == 6  # restoration: left off
    wizard.next()
    assert wizard.currentId() == 7
    out = tmp_path / "assessment"
    wizard.run_page.folder_widget.setFilePath(str(out))
    progress: list = []
    wizard.run_page.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(wizard.runFinished, timeout=120000) as finished:
        assert wizard.run()
        assert wizard.is_running() and wizard.run_page.cancel_button.isEnabled()
    assert finished.args == [True], wizard.run_page.log.toPlainText()
    assert wizard.run_page.progress.value() == 100 and len(progress) > 3
    assert wizard.run_page.isComplete()

    # the layers, in their group, with their styles
    group = clean_project.layerTreeRoot().findGroup("Blue Carbon – coastal_mosaic")
    assert group is not None and group is wizard.layer_group
    names = [node.name() for node in group.findLayers()]
    assert names[:4] == ["Carbon flows, patch → demand unit (t C/yr)", "Demand units with their balance",
                         "Blue-carbon patches with their sink", "Blue-carbon patches with fragmentation metrics"]
    assert "Blue-carbon patches with fragmentation metrics 2035" in names
    assert "Sequestration (t C/ha/yr)" in names and "Net sequestration between the dates (t C/ha)" in names
    by_name = {node.name(): node.layer() for node in group.findLayers()}
    patches = by_name["Blue-carbon patches with fragmentation metrics"]
    assert patches.renderer().type() == "graduatedSymbol"  # the style stored in the GeoPackage
    assert by_name["Sequestration (t C/ha/yr)"].renderer().type() == "singlebandpseudocolor"  # its .qml
    assert all(layer.source().startswith(str(out)) for layer in by_name.values())

    # the values shown are those of the outputs
    with open(out / "sink_capacity.csv", newline="") as f:
        total = {r["ecosystem"]: r for r in csv.DictReader(f)}["total"]
    assert wizard.results["SEQUESTRATION_TCO2E_YR"] == pytest.approx(float(total["sequestration_tCO2e_yr"]))
    assert f"{float(total['sequestration_tCO2e_yr']):,.0f}" in wizard.run_page.result_label.text()
    # the user's value reached the outputs, marked as such
    used = load_parameters(str(out / "parameters.csv"))
    row = used.get("mangrove", "soil_accumulation", "remaining")
    assert (row.value, row.source) == (2.1, "user") and row.note.startswith("User value; replaces 2.26")
    with open(out / "class_metrics.csv", newline="") as f:
        assert {r["class"]: r["ecosystem"] for r in csv.DictReader(f)}["60"] == "tidal_flat"
    screenshot(wizard, "wizard_7_run_done")

    # the dashboard was opened on the output folder
    dashboard = dock.dashboard
    assert dashboard.results is not None and dashboard.results.folder == str(out)
    totals = {t.key: t for t in dashboard.totals()}  # the report's headline, read from the folder
    assert totals["sequestration_tCO2e_yr"].value == pytest.approx(wizard.results["SEQUESTRATION_TCO2E_YR"])
    assert totals["net_sequestration_tCO2e"].value == pytest.approx(wizard.results["NET_SEQUESTRATION_TCO2E"])
    assert totals["delivered_tCO2e_yr"].alt_value == pytest.approx(wizard.results["DELIVERED_TC_YR"])
    assert [d.label for d in dashboard.results.dates] == ["2020", "2035"]
    assert set(dashboard.chart_ids()) >= {"sink", "patch_sizes", "fragmentation_dates", "flow_patches"}
    screenshot(dock, "dashboard_assessment", (900, 640))
    dashboard.tabs.setCurrentIndex(2)
    screenshot(dock, "dashboard_assessment_charts", (900, 1000))


def test_cancel_stops_the_run_and_leaves_no_file(qtbot, provider, clean_project, tmp_path) -> None:
    """Cancel during the run: the wizard says so, adds no layer, and the output folder gets no file."""
    first, _second, _demand = _layers(clean_project)
    wizard = AssessmentWizard()
    qtbot.addWidget(wizard)
    wizard.land_cover.set_layer(first)
    wizard.legend.initializePage()
    out = tmp_path / "cancelled"
    wizard.run_page.folder_widget.setFilePath(str(out))
    with qtbot.waitSignal(wizard.runFinished, timeout=60000) as finished:
        assert wizard.run()
        wizard.cancel_run()
    assert finished.args == [False]
    assert "cancelled" in wizard.run_page.message()
    assert wizard.layer_group is None and not wizard.run_page.isComplete()
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]
    assert clean_project.layerTreeRoot().findGroup("Blue Carbon – coastal_mosaic") is None


def test_wizard_preselects_the_active_raster_layer(qgis_iface, qtbot, clean_project, tmp_path) -> None:
    """The raster box starts with QGIS's active raster layer, else the topmost raster of the Layers panel."""
    from qgis.core import QgsRasterLayer, QgsVectorLayer
    from rasters import write_raster

    vector = QgsVectorLayer("Point?crs=EPSG:32649", "points", "memory")
    first = QgsRasterLayer(str(write_raster(tmp_path / "a.tif", np.full((20, 30), 95, dtype=np.uint8))), "a")
    second = QgsRasterLayer(str(write_raster(tmp_path / "b.tif", np.full((20, 30), 90, dtype=np.uint8))), "b")
    for layer in (vector, second, first):  # each added layer goes on top of the tree: first is the top raster
        assert layer.isValid()
        clean_project.addMapLayer(layer)

    qgis_iface.setActiveLayer(second)
    wizard = AssessmentWizard()
    qtbot.addWidget(wizard)
    assert wizard.land_cover.layer() is second

    qgis_iface.setActiveLayer(vector)  # a vector is active: the topmost raster
    wizard = AssessmentWizard()
    qtbot.addWidget(wizard)
    assert wizard.land_cover.layer() is first
    assert wizard.land_cover.band() == 1


def test_restoration_page_sets_the_assessment_parameters(qtbot, provider, clean_project, screenshot) -> None:
    """The classes come from the legend page (tidal flats ticked by default); the parameters the wizard builds switch
    the assessment's restoration step on with the ticked raster values and the budget, and the algorithm accepts them."""
    from qgis.core import QgsApplication, QgsProcessingContext

    first, _second, _demand = _layers(clean_project)
    wizard = AssessmentWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.land_cover.set_layer(first)
    wizard.next()
    wizard.legend.mapping.set_ecosystem(60, "tidal_flat")
    for _ in range(5):
        wizard.next()
    assert wizard.currentId() == 6
    page = wizard.restoration
    assert not page.enabled() and not page.classes_list.isEnabled()
    listed = [int(page.classes_list.item(k).data(Qt.ItemDataRole.UserRole)) for k in range(page.classes_list.count())]
    assert 60 in listed and 95 not in listed and 90 not in listed  # blue-carbon classes are not restorable
    assert page.values() == [60]  # a tidal flat: restorable by default
    assert "RESTORATION" not in wizard.parameters()
    page.enable_check.setChecked(True)
    page.set_checked([60, 30])
    page.budget.setValue(40.0)
    screenshot(wizard, "wizard_6b_restoration")
    params = wizard.parameters()
    assert params["RESTORATION"] is True and params["RESTORATION_BUDGET"] == 40.0
    assert sorted(int(v) for v in params["RESTORABLE"].split(",")) == [30, 60]
    alg = QgsApplication.processingRegistry().algorithmById(ALG)
    ok, message = alg.checkParameterValues({**params, "OUTPUT_FOLDER": "/tmp/unused"}, QgsProcessingContext())
    assert ok, message
    assert alg.parameterDefinition("RESTORATION").defaultValue() is False

"""Fixtures of the dialog tests: the sample rasters, the screenshot folder, a browser model for Processing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

import pytest
from rasters import SAMPLE, SAMPLE_2035, DEMAND

ROOT = Path(__file__).resolve().parents[2]
# <build>/screenshots (BLUECARBON_SCREENSHOTS elsewhere): a test run never rewrites the tracked docs/screenshots;
# `make screenshots` copies the pictures of the last run there on request.
SCREENSHOTS = Path(os.environ.get("BLUECARBON_SCREENSHOTS")
                   or Path(os.environ.get("BLUECARBON_BUILD") or ROOT / ".build") / "screenshots")


@pytest.fixture
def screenshot(qtbot) -> Callable[[object, str], Path]:
    """Return shoot(widget, name, size=None): show the widget offscreen, resize it, save <build>/screenshots/<name>.png."""
    from qgis.PyQt.QtWidgets import QApplication

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shoot(widget, name: str, size: "tuple[int, int] | None" = None) -> Path:
        if not widget.isVisible():
            widget.show()
        if size is not None:
            widget.resize(*size)
        for _ in range(3):
            QApplication.processEvents()
        path = SCREENSHOTS / f"{name}.png"
        assert widget.grab().save(str(path)), path
        return path

    shoot.folder = SCREENSHOTS
    return shoot


@pytest.fixture
def browser_iface(qgis_iface) -> Iterator[object]:
    """pytest-qgis's interface with a real browser model, which the Processing dialogs need."""
    from qgis.gui import QgsBrowserGuiModel

    browser = QgsBrowserGuiModel()
    qgis_iface.browserModel = lambda: browser
    yield qgis_iface


@pytest.fixture
def clean_project() -> Iterator[object]:
    """The project instance, emptied before and after the test."""
    from qgis.core import QgsProject

    project = QgsProject.instance()
    project.clear()
    yield project
    project.clear()




@pytest.fixture(scope="session")
def results_folder(tmp_path_factory, qgis_processing) -> Path:
    """An output folder as an assessment fills it, written by the single algorithms on the two sample dates.

    Sink, class, landscape and patch tables per date (the year in the file name), carbon change
    2020 → 2035, service flows with the sample demand units, and a 50 ha restoration portfolio on 2035's map.
    """
    import processing
    from qgis.core import QgsApplication

    from bluecarbon.processing.provider import BlueCarbonProvider

    registry = QgsApplication.processingRegistry()
    own = None
    if registry.providerById("bluecarbon") is None:
        own = BlueCarbonProvider()
        registry.addProvider(own)
    folder = tmp_path_factory.mktemp("assessment")
    legend = {"LEGEND_PRESET": "esa_worldcover"}
    try:
        for year, raster in ((2020, SAMPLE), (2035, SAMPLE_2035)):
            processing.run("bluecarbon:patchfragmentation", {
                "INPUT": str(raster), **legend, "OUTPUT_PATCHES": str(folder / f"patches_{year}.gpkg"),
                "OUTPUT_CLASS_TABLE": str(folder / f"class_metrics_{year}.csv"),
                "OUTPUT_LANDSCAPE_TABLE": str(folder / f"landscape_metrics_{year}.csv"),
                "OUTPUT_PATCH_TABLE": str(folder / f"patch_metrics_{year}.csv"),
            })
            processing.run("bluecarbon:sinkcapacity", {
                "INPUT": str(raster), **legend, "DRAWS": 200, "EDGE_DEPTH": 20.0,
                "EDGE_FACTOR": 0.6, "OUTPUT_TABLE": str(folder / f"sink_{year}.csv"),
                "OUTPUT_PARAMETERS": str(folder / "parameters.csv"),
            })
        processing.run("bluecarbon:carbonchange", {
            "SNAPSHOTS": [str(SAMPLE), str(SAMPLE_2035)], "YEARS": "2020, 2035", **legend,
            "DRAWS": 100,
            "OUTPUT_PERIODS": str(folder / "change_periods.csv"), "OUTPUT_STOCKS": str(folder / "change_stocks.csv"),
        })
        processing.run("bluecarbon:carbonserviceflow", {
            "INPUT": str(SAMPLE), **legend, "DEMAND_UNITS": str(DEMAND),
            "DEMAND_FIELD": "emissions_tC_yr", "NAME_FIELD": "name", "DECAY_DISTANCE": 1500.0, "MAX_DISTANCE": 4000.0,
            "OUTPUT_LINKS": str(folder / "flow_links.gpkg"), "OUTPUT_PATCHES": str(folder / "flow_patches.csv"),
            "OUTPUT_DEMAND": str(folder / "flow_demand.csv"), "OUTPUT_NETWORK": str(folder / "flow_network.csv"),
        })
        processing.run("bluecarbon:restorationpriority", {
            "INPUT": str(SAMPLE_2035), **legend, "CLASSES": "mangrove", "RESTORABLE": "60", "TARGET_ECOSYSTEM": "mangrove",
            "THRESHOLD": 300.0, "MAX_SITE_HA": 20.0, "MIN_SITE_HA": 1.0, "BUDGET_KIND": "area", "BUDGET": 50.0,
            "OUTPUT_SITES": str(folder / "restoration_sites.gpkg"),
            "OUTPUT_PORTFOLIO": str(folder / "restoration_portfolio.csv"),
        })
    finally:
        if own is not None:
            registry.removeProvider(own)
    return folder

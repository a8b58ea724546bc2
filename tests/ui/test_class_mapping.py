"""Class-mapping widget: values, counts, colours and names of a raster; presets; CSV; Processing dialog."""

from __future__ import annotations

import csv
from pathlib import Path

import rasterio

from bluecarbon.core.landcover import open_landcover
from bluecarbon.core.legend import load_legend
from bluecarbon.ui.class_mapping import (
    ClassMappingWidget,
    LegendWidgetWrapper,
    legend_widget_metadata,
    read_raster_classes,
)
from rasters import SAMPLE



def test_values_counts_colours_and_names_of_the_sample(qtbot, screenshot) -> None:
    """Counts equal core's value_counts; colours from the colour table; names from the QGIS paletted style."""
    from qgis.core import QgsRasterLayer

    layer = QgsRasterLayer(str(SAMPLE), "coastal_mosaic")
    assert layer.isValid() and layer.renderer().type() == "paletted"  # the .qml beside the file
    widget = ClassMappingWidget()
    qtbot.addWidget(widget)
    widget.set_raster(str(SAMPLE), None, layer)
    rows = {r.value: r for r in widget.rows()}
    with open_landcover(str(SAMPLE)) as lc:
        counts = lc.value_counts()
    assert {v: r.count for v, r in rows.items()} == counts
    with rasterio.open(SAMPLE) as ds:
        table = ds.colormap(1)
    assert rows[95].color == "#{:02x}{:02x}{:02x}".format(*table[95][:3]) == "#00cf75"
    assert rows[95].name == "Mangroves" and rows[60].name == "Bare / sparse vegetation"
    # nothing is blue carbon before a legend is chosen
    assert widget.blue_carbon_values() == []
    assert "No class is mapped" in widget.summary.text()
    # the table shows what the rows hold
    assert widget.table.rowCount() == len(counts)
    assert widget.table.item(0, 2).text() == f"{counts[10]:,}"

    widget.apply_preset("esa_worldcover")
    assert widget.blue_carbon_values() == [90, 95]
    assert widget.undefined_values() == []
    widget.set_ecosystem(60, "tidal_flat")
    combo = widget.table.cellWidget(list(rows).index(60), 4)
    assert combo.currentData() == "tidal_flat"
    screenshot(widget, "class_mapping", (760, 420))


def test_mapping_saved_and_loaded_as_a_legend_csv(qtbot, tmp_path: Path) -> None:
    """The CSV the widget writes is a legend core.legend reads back, value for value."""
    widget = ClassMappingWidget()
    qtbot.addWidget(widget)
    widget.set_raster(str(SAMPLE))
    widget.apply_preset("esa_worldcover")
    widget.set_ecosystem(60, "tidal_flat")
    widget.table.item(0, 1).setText("Shelterbelt and woodland")  # the user renames value 10
    path = tmp_path / "my_legend.csv"
    widget.save_csv(str(path))
    legend = load_legend(str(path))
    assert legend.values == [10, 20, 30, 40, 50, 60, 80, 90, 95]
    assert legend.entry(60).ecosystem == "tidal_flat"
    assert legend.entry(95).ecosystem == "mangrove" and legend.entry(95).color == "#00cf75"
    assert legend.entry(10).name == "Shelterbelt and woodland"
    assert "ESA WorldCover" in legend.title

    other = ClassMappingWidget()
    qtbot.addWidget(other)
    other.set_raster(str(SAMPLE))
    other.load_csv(str(path))
    assert [(r.value, r.name, r.ecosystem) for r in other.rows()] == [
        (e.value, e.name, e.ecosystem) for e in legend.entries
    ]


def test_category_names_colour_table_and_values_a_preset_lacks(qtbot, tmp_path: Path) -> None:
    """GDAL category names and a colour table are read; values outside the preset are flagged."""
    from osgeo import gdal, osr

    path = tmp_path / "cats.img"  # ERDAS Imagine keeps category names in the file (GeoTIFF does not)
    dataset = gdal.GetDriverByName("HFA").Create(str(path), 4, 3, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform((371000, 10, 0, 2390000, 0, -10))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32649)
    dataset.SetProjection(srs.ExportToWkt())
    band = dataset.GetRasterBand(1)
    band.WriteRaster(0, 0, 4, 3, bytes([1, 1, 2, 2, 1, 3, 3, 2, 0, 0, 3, 2]))
    band.SetNoDataValue(0)
    colours = gdal.ColorTable()
    for value, rgb in ((1, (0, 207, 117)), (2, (0, 150, 160)), (3, (0, 100, 200))):
        colours.SetColorEntry(value, (*rgb, 255))
    band.SetColorTable(colours)
    band.SetCategoryNames(["", "Mangrove forest", "Marsh", "Water"])
    band = dataset = None
    classes = read_raster_classes(str(path))
    assert [(c.value, c.count, c.name, c.color) for c in classes] == [
        (1, 3, "Mangrove forest", "#00cf75"), (2, 4, "Marsh", "#0096a0"), (3, 3, "Water", "#0064c8"),
    ]
    widget = ClassMappingWidget()
    qtbot.addWidget(widget)
    widget.set_raster(str(path))
    widget.apply_preset("global_mangrove_watch")  # defines 1 = mangrove only
    assert widget.blue_carbon_values() == [1]
    assert widget.undefined_values() == [2, 3]
    assert "set to not habitat: 2, 3" in widget.summary.text()
    widget.set_ecosystem(2, "salt_marsh")
    assert widget.undefined_values() == [3]
    assert widget.blue_carbon_values() == [1, 2]


def _dialog_for(alg_id: str):
    """The real Processing dialog of an algorithm, built from the metadata its LEGEND_FILE declares (nothing injected)."""
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    assert alg.parameterDefinition("LEGEND_FILE").metadata() == legend_widget_metadata(), \
        "LEGEND_FILE declares the class-mapping widget (processing/parameters.py)"
    return AlgorithmDialog(alg)


def test_widget_in_the_patchfragmentation_dialog(browser_iface, provider, clean_project, qtbot, screenshot, tmp_path) -> None:
    """In the real dialog the table follows INPUT and LEGEND_PRESET; the CSV it writes is what the algorithm reads."""
    import processing
    from qgis.core import QgsRasterLayer

    layer = QgsRasterLayer(str(SAMPLE), "coastal_mosaic")
    clean_project.addMapLayer(layer)
    dialog = _dialog_for("bluecarbon:patchfragmentation")
    qtbot.addWidget(dialog)
    panel = dialog.mainWidget()
    wrapper = panel.wrappers["LEGEND_FILE"]
    assert isinstance(wrapper, LegendWidgetWrapper)
    dialog.setParameters({"INPUT": layer.id()})
    assert [r.value for r in wrapper.mapping.rows()] == [10, 20, 30, 40, 50, 60, 80, 90, 95]
    # default "recognise": the sample's colour table is ESA WorldCover's, and the widget says so
    assert wrapper.mapping.blue_carbon_values() == [90, 95]
    assert "ESA WorldCover" in wrapper.mapping.recognition.text() and wrapper.mapping.recognition.isVisibleTo(dialog)
    assert wrapper.value() is None  # the table is the recognised preset: the preset parameter applies

    dialog.setParameters({"INPUT": layer.id(), "LEGEND_PRESET": "raster_values"})
    assert wrapper.mapping.blue_carbon_values() == []
    assert wrapper.value() is None  # no legend: the preset parameter applies

    dialog.setParameters({"INPUT": layer.id(), "LEGEND_PRESET": "esa_worldcover"})
    assert wrapper.mapping.blue_carbon_values() == [90, 95]
    assert wrapper.value() is None  # the table is the preset: nothing to write

    wrapper.mapping.set_ecosystem(60, "tidal_flat")  # tidal flats as their own patch type
    legend_path = wrapper.value()
    assert legend_path and Path(legend_path).is_file()
    assert load_legend(legend_path).entry(60).ecosystem == "tidal_flat"
    parameters = dialog.createProcessingParameters()
    assert parameters["LEGEND_FILE"] == legend_path
    from qgis.PyQt.QtWidgets import QSplitter

    screenshot(dialog, "processing_patchfragmentation_legend", (1180, 860))
    dialog.findChild(QSplitter).setSizes([1180, 0])  # fold the help panel away for the picture
    screenshot(dialog, "processing_patchfragmentation_legend", (1180, 860))

    parameters.update(
        CLASSES="tidal_flat, mangrove", OUTPUT_PATCHES=str(tmp_path / "p.gpkg"),
        OUTPUT_CLASS_TABLE=str(tmp_path / "c.csv"), OUTPUT_LANDSCAPE_TABLE=str(tmp_path / "l.csv"),
    )
    processing.run("bluecarbon:patchfragmentation", parameters)
    with open(tmp_path / "c.csv", newline="") as f:
        classes = {r["class"]: r for r in csv.DictReader(f)}
    assert classes["60"]["ecosystem"] == "tidal_flat"
    assert classes["95"]["ecosystem"] == "mangrove"


def test_widget_in_the_model_designer(browser_iface, provider, qtbot, screenshot, tmp_path) -> None:
    """In the Model Designer the parameter takes a legend CSV (a path the mapping dialog saves) as a static value."""
    from processing.modeler.ModelerParametersDialog import ModelerParametersDialog
    from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

    from bluecarbon.ui.class_mapping import ClassMappingDialog

    alg = QgsApplication.processingRegistry().createAlgorithmById("bluecarbon:patchfragmentation")
    assert alg.parameterDefinition("LEGEND_FILE").metadata() == legend_widget_metadata()  # declared, not injected
    dialog = ModelerParametersDialog(alg, QgsProcessingModelAlgorithm())
    qtbot.addWidget(dialog)
    wrapper = dialog.widget.widget.wrappers["LEGEND_FILE"]
    assert isinstance(wrapper, LegendWidgetWrapper) and wrapper.mapping is None

    # what "Map classes…" does: the mapping dialog reads a layer's values, the user maps them, the CSV is saved
    from qgis.core import QgsProject, QgsRasterLayer

    layer = QgsRasterLayer(str(SAMPLE), "coastal_mosaic")
    QgsProject.instance().addMapLayer(layer)
    try:
        mapping_dialog = ClassMappingDialog()
        qtbot.addWidget(mapping_dialog)
        mapping_dialog.layer_combo.setLayer(layer)
        mapping_dialog.mapping.apply_preset("esa_worldcover")
        mapping_dialog.mapping.set_ecosystem(60, "tidal_flat")
        screenshot(mapping_dialog, "class_mapping_dialog", (760, 500))
        path = tmp_path / "model_legend.csv"
        mapping_dialog.mapping.save_csv(str(path))
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    wrapper.setValue(str(path))
    assert wrapper.value() == str(path)
    child = dialog.createAlgorithm()
    source = child.parameterSources()["LEGEND_FILE"][0]
    assert source.staticValue() == str(path)
    assert load_legend(source.staticValue()).entry(60).ecosystem == "tidal_flat"
    screenshot(dialog, "modeler_patchfragmentation_legend", (900, 700))

"""bluecarbon:patchfragmentation from the command line (qgis_process as a subprocess)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

ALG_ID = "bluecarbon:patchfragmentation"


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV as dicts."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def assert_same_table(ours: list[dict[str, str]], theirs: list[dict[str, str]]) -> None:
    """Same columns, rows and values (numbers equal to 1e-12 relative; empty = NaN on both sides)."""
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert list(a) == list(b)
        for key in a:
            try:
                x, y = float(a[key]), float(b[key])
            except ValueError:
                assert a[key] == b[key], key
                continue
            assert (math.isnan(x) and math.isnan(y)) or x == pytest.approx(y, rel=1e-12, abs=1e-12), key


@pytest.fixture(scope="module")
def sample(repo_root: Path) -> Path:
    """The shipped sample raster."""
    return repo_root / "resources" / "sample" / "coastal_mosaic.tif"


def test_qgis_process_run_equals_processing_run(run_qgis_process, provider, tmp_path: Path, sample: Path) -> None:
    """`qgis_process run` returns 0 and writes the same class and landscape numbers as processing.run."""
    cli, gui = tmp_path / "cli", tmp_path / "inprocess"
    cli.mkdir()
    gui.mkdir()
    result = run_qgis_process(
        [
            "run", ALG_ID, "--",
            f"INPUT={sample}",
            "LEGEND_PRESET=esa_worldcover",
            f"OUTPUT_PATCHES={cli / 'p.gpkg'}",
            f"OUTPUT_CLASS_TABLE={cli / 'c.csv'}",
            f"OUTPUT_LANDSCAPE_TABLE={cli / 'l.csv'}",
        ]
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("p.gpkg", "c.csv", "l.csv"):
        assert (cli / name).is_file(), name
    assert "TOTAL_AREA_HA:\t4788.24" in result.stdout

    import processing

    processing.run(
        ALG_ID,
        {
            "INPUT": str(sample),
            "LEGEND_PRESET": "esa_worldcover",
            "OUTPUT_PATCHES": str(gui / "p.gpkg"),
            "OUTPUT_CLASS_TABLE": str(gui / "c.csv"),
            "OUTPUT_LANDSCAPE_TABLE": str(gui / "l.csv"),
        },
    )
    classes = read_csv(cli / "c.csv")
    assert [int(r["class"]) for r in classes] == [10, 20, 30, 40, 50, 60, 80, 90, 95]
    assert_same_table(classes, read_csv(gui / "c.csv"))
    assert_same_table(read_csv(cli / "l.csv"), read_csv(gui / "l.csv"))
    assert float(read_csv(cli / "l.csv")[0]["TA_ha"]) == pytest.approx(4788.24)

    from qgis.core import QgsVectorLayer

    layers = [QgsVectorLayer(f"{d / 'p.gpkg'}|layername=p", "p", "ogr") for d in (cli, gui)]
    assert all(layer.isValid() for layer in layers)
    assert layers[0].featureCount() == layers[1].featureCount() == 177 + 77
    assert layers[0].renderer().type() == "graduatedSymbol", "the style is stored from qgis_process too"


def test_qgis_process_help(run_qgis_process) -> None:
    """`qgis_process help` shows the description and the parameters with the legend presets."""
    result = run_qgis_process(["help", ALG_ID])
    assert result.returncode == 0, result.stdout + result.stderr
    text = result.stdout
    assert "Patch fragmentation metrics (FRAGSTATS)" in text
    assert "Delineates the patches of every class" in text
    assert "McGarigal" in text
    for parameter in ("INPUT", "BAND", "LEGEND_PRESET", "LEGEND_FILE", "OUTPUT_PATCHES", "OUTPUT_CLASS_TABLE",
                      "OUTPUT_LANDSCAPE_TABLE", "OUTPUT_PATCH_RASTER"):
        assert f"{parameter}:" in text, parameter
    for preset in ("esa_worldcover", "noaa_ccap", "global_mangrove_watch"):
        assert preset in text


def test_qgis_process_float_raster_fails_clearly(run_qgis_process, tmp_path: Path) -> None:
    """A float raster: non-zero exit, the problem and 'Fix:' in the output, no output file."""
    raster = tmp_path / "ndvi.tif"
    with rasterio.open(
        raster, "w", driver="GTiff", width=4, height=3, count=1, dtype="float32", crs="EPSG:32649",
        transform=from_origin(371000, 2390000, 10, 10),
    ) as dst:
        dst.write(np.array([[0.1, 0.5, 0.9, 0.2]] * 3, dtype=np.float32), 1)
    out = tmp_path / "out"
    out.mkdir()
    result = run_qgis_process(
        [
            "run", ALG_ID, "--",
            f"INPUT={raster}",
            "LEGEND_PRESET=esa_worldcover",
            f"OUTPUT_PATCHES={out / 'p.gpkg'}",
            f"OUTPUT_CLASS_TABLE={out / 'c.csv'}",
            f"OUTPUT_LANDSCAPE_TABLE={out / 'l.csv'}",
        ]
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Fix:" in output, output
    assert "float32" in output and "integer" in output
    assert list(out.iterdir()) == []

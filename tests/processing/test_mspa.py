"""bluecarbon:mspa through Processing and qgis_process: the engine's map, a QML palette, the area table, bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import rasterio

from bluecarbon.core.classes import open_classified
from bluecarbon.core.fragmentation.job import resolve_classes
from bluecarbon.core.restoration.mspa import CORE, EDGE, MISSING, analyse_mspa
from rasters import write_raster

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "coastal_mosaic.tif"


def params(out: Path, table: Path, **extra) -> dict:
    base = {"INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "CLASSES": "mangrove", "EDGE_WIDTH": 2,
            "OUTPUT": str(out), "OUTPUT_TABLE": str(table)}
    base.update(extra)
    return base


def test_processing_run_writes_the_engine_map_and_table(provider, tmp_path: Path) -> None:
    import processing

    out, table = tmp_path / "mspa.tif", tmp_path / "mspa.csv"
    result = processing.run("bluecarbon:mspa", params(out, table))
    assert Path(result["OUTPUT"]) == out and (tmp_path / "mspa.qml").exists()
    lc, scheme = open_classified(str(SAMPLE), None, "esa_worldcover")
    with lc:
        expected = analyse_mspa(lc, scheme, resolve_classes(scheme, ["mangrove"]), 2, 8)
    with rasterio.open(out) as src:
        codes = src.read(1)
        assert src.nodata == MISSING and src.dtypes[0] == "uint8"
    assert np.array_equal(codes, expected.codes)
    rows = list(csv.DictReader(open(table, encoding="utf-8")))
    core_all = [r for r in rows if r["mspa_class"] == "core" and r["ecosystem"] == "all"][0]
    # 10 m cells: 0.01 ha each
    assert float(core_all["area_ha"]) == pytest.approx((codes == CORE).sum() * 0.01)
    assert result["CORE_AREA_HA"] == pytest.approx((codes == CORE).sum() * 0.01)
    assert sum(float(r["percent_of_foreground"]) for r in rows if r["ecosystem"] == "all" and r["percent_of_foreground"]) \
        == pytest.approx(100.0)


def test_edge_width_in_metres(provider, tmp_path: Path) -> None:
    """30 m on 10 m cells is 3 cells: a 9×9 square keeps a 3×3 core inside 3 rings of edge."""
    import processing

    codes = np.full((15, 15), 10, dtype=np.uint8)
    codes[3:12, 3:12] = 95
    path = write_raster(tmp_path / "sq.tif", codes)
    out, table = tmp_path / "m.tif", tmp_path / "m.csv"
    result = processing.run("bluecarbon:mspa", params(out, table, INPUT=str(path), EDGE_WIDTH=1, EDGE_WIDTH_M=30.0))
    assert result["EDGE_WIDTH_CELLS"] == 3
    with rasterio.open(out) as src:
        m = src.read(1)
    assert (m == CORE).sum() == 9 and (m == EDGE).sum() == 72


def test_no_foreground_is_an_error_that_writes_nothing(provider, tmp_path: Path) -> None:
    import processing
    from qgis.core import QgsProcessingException

    path = write_raster(tmp_path / "bare.tif", np.full((10, 10), 10, dtype=np.uint8))
    out, table = tmp_path / "m.tif", tmp_path / "m.csv"
    with pytest.raises(QgsProcessingException, match="no foreground"):
        processing.run("bluecarbon:mspa", params(out, table, INPUT=str(path), CLASSES=""))
    with pytest.raises(QgsProcessingException, match="not in this landscape"):
        processing.run("bluecarbon:mspa", params(out, table, INPUT=str(path)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bare.tif"]


def test_qgis_process_runs_mspa(run_qgis_process, tmp_path: Path) -> None:
    out, table = tmp_path / "q.tif", tmp_path / "q.csv"
    done = run_qgis_process(["run", "bluecarbon:mspa", "--", f"INPUT={SAMPLE}", "LEGEND_PRESET=esa_worldcover",
                             "CLASSES=mangrove", "EDGE_WIDTH=1", f"OUTPUT={out}", f"OUTPUT_TABLE={table}"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.exists() and table.exists() and (tmp_path / "q.qml").exists()

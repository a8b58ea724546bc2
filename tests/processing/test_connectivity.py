"""bluecarbon:connectivity through Processing and qgis_process: tables equal to the engine, corridors, bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from bluecarbon.core.classes import open_classified
from bluecarbon.core.fragmentation.job import resolve_classes
from bluecarbon.core.restoration.engine import LEAST_COST, ConnectivityOptions, assess_connectivity
from rasters import write_raster

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "coastal_mosaic.tif"


def params(tmp_path: Path, **extra) -> dict:
    base = {"INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "CLASSES": "mangrove", "THRESHOLD": 200.0,
            "PROBABILITY": 0.05, "OUTPUT_NODES": str(tmp_path / "nodes.csv"),
            "OUTPUT_LANDSCAPE": str(tmp_path / "landscape.csv")}
    base.update(extra)
    return base


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_processing_run_equals_the_engine(provider, tmp_path: Path) -> None:
    import processing

    result = processing.run("bluecarbon:connectivity", params(tmp_path))
    lc, scheme = open_classified(str(SAMPLE), None, "esa_worldcover")
    with lc:
        expected = assess_connectivity(lc, scheme, resolve_classes(scheme, ["mangrove"]),
                                       ConnectivityOptions(threshold=200.0, probability=0.05))
    land = read(tmp_path / "landscape.csv")[0]
    assert float(land["PC"]) == pytest.approx(expected.indices.landscape["PC"], rel=1e-9)
    assert float(land["EC_PC_ha"]) == pytest.approx(expected.indices.landscape["EC_PC_ha"], rel=1e-9)
    assert result["N_NODES"] == expected.nodes.n and result["PC"] == pytest.approx(expected.indices.landscape["PC"])
    nodes = read(tmp_path / "nodes.csv")
    assert len(nodes) == expected.nodes.n
    dpc = np.array([float(r["dPC"]) for r in nodes])
    assert np.allclose(dpc, expected.indices.node["dPC"], rtol=1e-9)
    parts = np.array([[float(r[k]) for k in ("dPCintra", "dPCflux", "dPCconnector")] for r in nodes])
    assert np.allclose(parts.sum(axis=1), dpc, atol=1e-9)
    assert float(land["landscape_area_ha"]) == pytest.approx((600 * 800 - 1176) * 0.01)
    expected.close()


def test_least_cost_with_corridors(provider, tmp_path: Path) -> None:
    """Corridor lines join linked nodes, cost ≤ threshold; the normalised corridor raster has a 0 minimum."""
    import processing
    import rasterio
    from qgis.core import QgsVectorLayer

    result = processing.run("bluecarbon:connectivity", params(
        tmp_path, DISTANCE=LEAST_COST, NODES="cores", EDGE_WIDTH=1, THRESHOLD=300.0,
        OUTPUT_CORRIDORS=str(tmp_path / "corridors.gpkg"), OUTPUT_CORRIDOR_RASTER=str(tmp_path / "nlcc.tif")))
    layer = QgsVectorLayer(result["OUTPUT_CORRIDORS"], "c", "ogr")
    assert layer.isValid() and layer.featureCount() > 0
    for feature in layer.getFeatures():
        assert 0 < feature["cost"] <= 300.0 + 1e-9 and feature["length_m"] > 0
        assert feature["from_node"] < feature["to_node"]
    with rasterio.open(tmp_path / "nlcc.tif") as src:
        nlcc = src.read(1)
    assert np.nanmin(nlcc) == pytest.approx(0.0)


def test_current_flow_map(provider, tmp_path: Path) -> None:
    """Two mangrove squares joined by open ground: 1 A between them; every column between the two squares carries
    the whole ampere, split over its cells (Kirchhoff), so the column sums of the cell currents are ≥ 1 A."""
    import processing
    import rasterio

    codes = np.full((9, 20), 10, dtype=np.uint8)
    codes[2:7, 1:5] = 95
    codes[2:7, 15:19] = 95
    path = write_raster(tmp_path / "two.tif", codes)
    out = tmp_path / "out"
    out.mkdir()
    processing.run("bluecarbon:connectivity", params(
        out, INPUT=str(path), DISTANCE=LEAST_COST, THRESHOLD=1000.0, OUTPUT_CURRENT=str(out / "current.tif")))
    with rasterio.open(out / "current.tif") as src:
        current = src.read(1)
    assert np.nanmin(current) >= 0
    assert np.allclose(current[2:7, 1:5], 1.0) and np.allclose(current[2:7, 15:19], 1.0)
    assert (np.nansum(current[:, 5:15], axis=0) >= 1.0 - 1e-9).all()


@pytest.mark.parametrize("extra,match", [
    ({"THRESHOLD": 0.0}, "must be > 0"),
    ({"CLASSES": "seagrass"}, "not in this landscape"),
])
def test_bad_input_writes_nothing(provider, tmp_path: Path, extra: dict, match: str) -> None:
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match=match):
        processing.run("bluecarbon:connectivity", params(tmp_path, **extra))
    assert list(tmp_path.iterdir()) == []


def test_no_habitat_cell_writes_nothing(provider, tmp_path: Path) -> None:
    import processing
    from qgis.core import QgsProcessingException

    path = write_raster(tmp_path / "bare.tif", np.full((10, 10), 10, dtype=np.uint8))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException, match="no foreground"):
        processing.run("bluecarbon:connectivity", params(out, INPUT=str(path), CLASSES=""))
    assert list(out.iterdir()) == []


def test_corridors_need_least_cost(provider, tmp_path: Path) -> None:
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="least-cost distances"):
        processing.run("bluecarbon:connectivity", params(tmp_path, OUTPUT_CORRIDORS=str(tmp_path / "c.gpkg")))
    assert list(tmp_path.iterdir()) == []


def test_qgis_process_runs_connectivity(run_qgis_process, tmp_path: Path) -> None:
    done = run_qgis_process(["run", "bluecarbon:connectivity", "--", f"INPUT={SAMPLE}", "LEGEND_PRESET=esa_worldcover",
                             "CLASSES=mangrove", "THRESHOLD=200", f"OUTPUT_NODES={tmp_path / 'n.csv'}",
                             f"OUTPUT_LANDSCAPE={tmp_path / 'l.csv'}"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert float(read(tmp_path / "l.csv")[0]["PC"]) > 0

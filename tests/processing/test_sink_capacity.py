"""bluecarbon:sinkcapacity through Processing and qgis_process: numbers by hand, joins, bad inputs."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasters import SAMPLE

ROOT = Path(__file__).resolve().parents[2]
ALG = "bluecarbon:sinkcapacity"


def params(tmp_path: Path, **extra) -> dict:
    base = {
        "INPUT": str(SAMPLE),
        "LEGEND_PRESET": "esa_worldcover",
        "PARAMETERS": "ipcc_2013_tier1",
        "DRAWS": 200,
        "OUTPUT_TABLE": str(tmp_path / "sink.csv"),
        "OUTPUT_PATCHES": str(tmp_path / "patches.gpkg"),
        "OUTPUT_RASTER": str(tmp_path / "seq.tif"),
        "OUTPUT_PARAMETERS": str(tmp_path / "parameters.csv"),
    }
    base.update(extra)
    return base


def read_rows(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="") as f:
        return {r["ecosystem"]: r for r in csv.DictReader(f)}


def test_sink_of_the_sample_by_hand(provider, tmp_path: Path) -> None:
    """The default presets on intact stands: mangrove (95) and marsh (90) areas from the cell counts × Mcleod et
    al. 2011 burial rates of existing stands (2.26 and 2.18 t C/ha/yr, applies_to=remaining); IPCC's EF_RE (1.62,
    0.91) applies to restored wetlands only and is not used; stocks from IPCC Tier 1."""
    import processing

    result = processing.run(ALG, params(tmp_path, PARAMETERS=None))
    with rasterio.open(SAMPLE) as src:
        codes = src.read(1)
    mangrove_ha, marsh_ha = (codes == 95).sum() * 0.01, (codes == 90).sum() * 0.01
    rows = read_rows(tmp_path / "sink.csv")
    assert float(rows["mangrove"]["area_ha"]) == pytest.approx(mangrove_ha)
    assert float(rows["mangrove"]["sequestration_tC_yr"]) == pytest.approx(mangrove_ha * 2.26)
    assert float(rows["salt_marsh"]["sequestration_tC_yr"]) == pytest.approx(marsh_ha * 2.18)
    total = mangrove_ha * 2.26 + marsh_ha * 2.18
    assert result["SEQUESTRATION_TCO2E_YR"] == pytest.approx(total * 44 / 12)
    assert float(rows["total"]["sequestration_tCO2e_yr_p05"]) < result["SEQUESTRATION_TCO2E_YR"] < float(
        rows["total"]["sequestration_tCO2e_yr_p95"]
    )
    # mangrove stock: AGB 86.592 + BGB 42.43 + soil 386 t C/ha
    assert float(rows["mangrove"]["total_stock_tC"]) == pytest.approx(mangrove_ha * (86.592 + 42.43 + 386))
    with rasterio.open(tmp_path / "seq.tif") as src:
        amount = src.read(2, masked=True)
    assert float(amount.sum()) == pytest.approx(total, rel=1e-5)
    assert (tmp_path / "seq.qml").exists()
    with open(tmp_path / "parameters.csv") as f:
        text = f.read()
    assert "IPCC" in text and "Mcleod" in text  # the effective table: every default preset's rows, with sources
    assert "intact stands" in result["SEMANTICS"]


def test_ipcc_alone_gives_no_sequestration_on_intact_stands(provider, tmp_path: Path) -> None:
    """IPCC Tier 1 named alone: its EF_RE applies to restored wetlands, so intact stands sequester 0 t C/yr."""
    import processing

    result = processing.run(ALG, params(tmp_path, DRAWS=0, OUTPUT_PATCHES=None, OUTPUT_RASTER=None))
    assert result["SEQUESTRATION_TCO2E_YR"] == 0.0
    assert float(read_rows(tmp_path / "sink.csv")["mangrove"]["total_stock_tC"]) > 0


def test_own_table_only(provider, tmp_path: Path) -> None:
    """OWN_ONLY: the own table alone (nothing filled in from presets), and its rows in the table output."""
    import processing

    own = tmp_path / "own.csv"
    own.write_text("ecosystem,parameter,value,unit\nmangrove,soil_accumulation,1.0,t C/ha/yr\n")
    processing.run(ALG, params(tmp_path, DRAWS=0, PARAMETERS_FILE=str(own), OWN_ONLY=True, OUTPUT_PATCHES=None,
                               OUTPUT_RASTER=None))
    with rasterio.open(SAMPLE) as src:
        mangrove_ha = (src.read(1) == 95).sum() * 0.01
    rows = read_rows(tmp_path / "sink.csv")
    assert float(rows["mangrove"]["sequestration_tC_yr"]) == pytest.approx(mangrove_ha * 1.0)
    with open(tmp_path / "parameters.csv") as f:
        assert "IPCC" not in f.read()


def test_patch_layer_joins_the_fragmentation_patches(provider, tmp_path: Path) -> None:
    """Same patch ids as bluecarbon:patchfragmentation (same rule), so the two layers join on patch_id."""
    import processing
    from qgis.core import QgsVectorLayer

    processing.run(ALG, params(tmp_path, EDGE_DEPTH=20.0, EDGE_FACTOR=0.5, DRAWS=0))
    processing.run(
        "bluecarbon:patchfragmentation",
        {"INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "OUTPUT_PATCHES": str(tmp_path / "frag.gpkg"),
         "OUTPUT_CLASS_TABLE": str(tmp_path / "c.csv"), "OUTPUT_LANDSCAPE_TABLE": str(tmp_path / "l.csv"),
         "EDGE_DEPTH": 20.0},
    )
    sink = QgsVectorLayer(str(tmp_path / "patches.gpkg"), "s", "ogr")
    frag = QgsVectorLayer(str(tmp_path / "frag.gpkg"), "f", "ogr")
    by_id = {f["patch_id"]: f for f in frag.getFeatures()}
    assert sink.featureCount() == frag.featureCount() > 0
    for feature in sink.getFeatures():
        other = by_id[feature["patch_id"]]
        assert feature["area_ha"] == pytest.approx(other["AREA_ha"])
        assert feature["edge_area_ha"] == pytest.approx(other["AREA_ha"] - other["CORE_ha"])
        assert feature.geometry().area() == pytest.approx(other.geometry().area())


def test_qgis_process_runs_it(run_qgis_process, tmp_path: Path) -> None:
    args = ["run", ALG, "--", f"INPUT={SAMPLE}", "LEGEND_PRESET=esa_worldcover", "PARAMETERS=mcleod_2011",
            "DRAWS=0", f"OUTPUT_TABLE={tmp_path / 'q.csv'}"]
    done = run_qgis_process(args)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = read_rows(tmp_path / "q.csv")
    assert float(rows["mangrove"]["sequestration_tC_yr"]) == pytest.approx(float(rows["mangrove"]["area_ha"]) * 2.26)


@pytest.mark.parametrize(
    "bad, words",
    [
        ({"LEGEND_PRESET": "raster_values"}, "No class of the map"),
        ({"PARAMETERS_FILE": "NEGATIVE"}, "cannot be negative"),
    ],
)
def test_bad_inputs_write_nothing(provider, tmp_path: Path, bad: dict, words: str) -> None:
    import processing
    from qgis.core import QgsProcessingException

    out = tmp_path / "out"
    out.mkdir()
    if bad.get("PARAMETERS_FILE") == "NEGATIVE":
        own = tmp_path / "own.csv"
        own.write_text(
            "ecosystem,parameter,value,unit,low,high,sd,distribution,source,confirmed,note\n"
            "mangrove,soil_accumulation,-1.5,t C/ha/yr,,,,fixed,me,no,\n"
        )
        bad = {"PARAMETERS_FILE": str(own)}
    with pytest.raises(QgsProcessingException, match=words) as err:
        processing.run(ALG, params(out, **bad))
    assert "Fix:" in str(err.value)
    assert not list(out.iterdir())


# -- cell status: intact, restored/created, drained/converted (IPCC Tier 1 semantics) ------------------------

STATUS_MAP = np.array([[95, 95, 95, 95], [95, 95, 95, 95], [60, 60, 95, 95]], dtype=np.uint8)
"""12 cells of 10 m (0.01 ha): 10 mangrove (ESA WorldCover 95), 2 water (60)."""


def status_params(tmp_path: Path, **extra) -> dict:
    from rasters import write_raster

    return params(tmp_path, INPUT=str(write_raster(tmp_path / "now.tif", STATUS_MAP)), PARAMETERS=None, DRAWS=0,
                  OUTPUT_PATCHES=None, **extra)


def test_restoration_raster_gives_restored_cells_the_ipcc_factor(provider, tmp_path: Path) -> None:
    """Default presets: intact mangrove at Mcleod 2011's 2.26 t C/ha/yr, restored at IPCC EF_RE 1.62 (by hand)."""
    import processing
    from rasters import write_raster

    flags = np.zeros(STATUS_MAP.shape, np.uint8)
    flags[0, :3] = 1  # 3 restored mangrove cells; the other 7 are intact
    restoration = write_raster(tmp_path / "restored.tif", flags, nodata=255)
    result = processing.run(ALG, status_params(tmp_path, RESTORATION_RASTER=str(restoration)))
    rows = read_rows(tmp_path / "sink.csv")
    expected = 7 * 0.01 * 2.26 + 3 * 0.01 * 1.62
    assert float(rows["mangrove"]["sequestration_tC_yr"]) == pytest.approx(expected)
    assert float(rows["mangrove"]["area_intact_ha"]) == pytest.approx(0.07)
    assert float(rows["mangrove"]["area_restored_ha"]) == pytest.approx(0.03)
    assert float(rows["mangrove"]["area_drained_ha"]) == 0
    assert result["SEQUESTRATION_TCO2E_YR"] == pytest.approx(expected * 44 / 12)
    assert "restored or created" in result["SEMANTICS"] and "intact stands" in result["SEMANTICS"]
    with rasterio.open(tmp_path / "seq.tif") as src:
        rate = src.read(1)
    assert rate[0, 0] == pytest.approx(1.62) and rate[1, 0] == pytest.approx(2.26)


def test_earlier_map_makes_new_mangrove_restored(provider, tmp_path: Path) -> None:
    """EARLIER_INPUT: the 2 cells that were water and are mangrove now are restored, the rest intact."""
    import processing
    from rasters import write_raster

    earlier = STATUS_MAP.copy()
    earlier[1, :2] = 60
    result = processing.run(ALG, status_params(
        tmp_path, EARLIER_INPUT=str(write_raster(tmp_path / "then.tif", earlier))))
    rows = read_rows(tmp_path / "sink.csv")
    assert float(rows["mangrove"]["area_restored_ha"]) == pytest.approx(0.02)
    assert float(rows["mangrove"]["sequestration_tC_yr"]) == pytest.approx(8 * 0.01 * 2.26 + 2 * 0.01 * 1.62)
    assert "restored or created" in result["SEMANTICS"]


def test_cell_status_inputs_are_checked(provider, tmp_path: Path) -> None:
    """Both status inputs at once, another grid, and values other than 0/1/2 are refused with a fix."""
    import processing
    from qgis.core import QgsProcessingException
    from rasters import write_raster

    ok = str(write_raster(tmp_path / "flags.tif", np.zeros(STATUS_MAP.shape, np.uint8)))
    with pytest.raises(QgsProcessingException, match="only one of them"):
        processing.run(ALG, status_params(tmp_path, RESTORATION_RASTER=ok, EARLIER_INPUT=ok))
    small = str(write_raster(tmp_path / "small.tif", np.zeros((2, 2), np.uint8)))
    with pytest.raises(QgsProcessingException, match="restoration raster RESTORATION_RASTER.*another grid.*size"):
        processing.run(ALG, status_params(tmp_path, RESTORATION_RASTER=small))
    bad = str(write_raster(tmp_path / "bad.tif", np.full(STATUS_MAP.shape, 7, np.uint8)))
    with pytest.raises(QgsProcessingException, match="0 .intact.*Fix:"):
        processing.run(ALG, status_params(tmp_path, RESTORATION_RASTER=bad))

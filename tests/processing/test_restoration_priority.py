"""bluecarbon:restorationpriority through Processing: outputs, agreement with bluecarbon:connectivity, bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from bluecarbon.core.classes import open_classified
from bluecarbon.core.fragmentation.job import resolve_classes
from bluecarbon.core.restoration.engine import ConnectivityOptions, assess_connectivity

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "coastal_mosaic.tif"


def params(tmp_path: Path, **extra) -> dict:
    base = {"INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "CLASSES": "mangrove", "RESTORABLE": "60",
            "THRESHOLD": 300.0, "MAX_SITE_HA": 20.0, "BUDGET": 50.0, "COST_PER_HA": 1000.0,
            "OUTPUT_SITES": str(tmp_path / "sites.gpkg"), "OUTPUT_PORTFOLIO": str(tmp_path / "portfolio.csv"),
            "OUTPUT_CHART": str(tmp_path / "portfolio.png")}
    base.update(extra)
    return base


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_outputs_and_the_habitat_ec_of_connectivity(provider, tmp_path: Path) -> None:
    import processing
    from qgis.core import QgsVectorLayer

    result = processing.run("bluecarbon:restorationpriority", params(tmp_path))
    layer = QgsVectorLayer(str(tmp_path / "sites.gpkg"), "sites", "ogr")
    assert layer.isValid() and layer.featureCount() == result["N_SITES"] > 0
    assert layer.renderer().type() == "categorizedSymbol"  # the style stored in the GeoPackage: portfolio in orange
    names = layer.fields().names()
    for column in ("sequestration_tCO2e_yr", "EC_gain_ha", "dPC_site_pct", "cost", "score", "rank", "pareto",
                   "in_portfolio"):
        assert column in names
    feats = list(layer.getFeatures())
    assert [f["rank"] for f in feats] == sorted(f["rank"] for f in feats)
    assert all(f["cost"] == pytest.approx(f["area_ha"] * 1000.0) for f in feats)
    assert any(f["pareto"] == 1 for f in feats)
    picks = read(tmp_path / "portfolio.csv")
    assert len(picks) == result["N_PICKED"] == sum(f["in_portfolio"] for f in feats) > 0
    assert float(picks[-1]["cumulative_area_ha"]) <= 50.0 + 1e-9
    area = sum(f.geometry().area() for f in feats) / 1e4
    assert area == pytest.approx(sum(f["area_ha"] for f in feats), rel=1e-6)
    assert (tmp_path / "portfolio.png").read_bytes()[:4] == b"\x89PNG"
    # the habitat network is the one of bluecarbon:connectivity
    lc, scheme = open_classified(str(SAMPLE), None, "esa_worldcover")
    with lc:
        con = assess_connectivity(lc, scheme, resolve_classes(scheme, ["mangrove"]),
                                  ConnectivityOptions(threshold=300.0, probability=0.05, iic_connectors=False))
    assert result["EC_PC_HA"] == pytest.approx(con.indices.landscape["EC_PC_ha"], rel=1e-9)
    con.close()


@pytest.mark.parametrize("extra, message", [
    ({"RESTORABLE": "", "LEGEND_PRESET": "esa_worldcover"}, "restorable"),
    ({"CLASSES": "seagrass"}, "class"),
    ({"THRESHOLD": 0.0}, "threshold"),
    ({"BUDGET": 0.0}, "budget"),
    ({"BUDGET_KIND": "cost", "COST_PER_HA": None}, "cost"),
])
def test_bad_input_writes_nothing(provider, tmp_path: Path, extra, message) -> None:
    import processing
    from qgis.core import QgsProcessingException

    p = params(tmp_path, **extra)
    p = {k: v for k, v in p.items() if v is not None}
    with pytest.raises(QgsProcessingException, match=f"(?i){message}"):
        processing.run("bluecarbon:restorationpriority", p)
    assert not any(tmp_path.iterdir())
    np.testing.assert_equal(list(tmp_path.iterdir()), [])


DEMAND = ROOT / "resources" / "sample" / "demand_units.gpkg"
FLOW = {"DEMAND_UNITS": str(DEMAND), "DEMAND_FIELD": "emissions_tC_yr", "DECAY": "exponential",
        "DECAY_DISTANCE": 1500.0, "MAX_DISTANCE": 1500.0}


@pytest.mark.parametrize("mode", ["straight_line", "least_cost"])
def test_flow_gain_equals_the_flow_of_the_restored_map(provider, tmp_path: Path, mode: str) -> None:
    """A site's flow gain = the max deliverable flow of carbonserviceflow on the map with the site made mangrove,
    minus that of the map as it is (one rate for intact and restored mangrove, no edge band; in least cost one
    resistance for every class, so restoring changes no cost: the two agree exactly)."""
    import processing
    import rasterio
    from qgis.core import QgsVectorLayer
    from rasterio import features
    from shapely import wkb

    own = tmp_path / "rates.csv"
    own.write_text("ecosystem,parameter,value,unit,low,high,sd,distribution,source,confirmed,note,applies_to\n"
                   "mangrove,soil_accumulation,2.0,t C/ha/yr,,,,,test,yes,,any\n", encoding="utf-8")
    out = tmp_path / "run"
    out.mkdir()
    rates = {"PARAMETERS_FILE": str(own), "OWN_ONLY": True}
    flow = dict(FLOW)
    if mode == "least_cost":
        uniform = tmp_path / "uniform.csv"
        uniform.write_text("key,resistance\n" + "".join(
            f"{k},2\n" for k in ("mangrove", "salt_marsh", "seagrass", "other_wetland", "tidal_flat", "non_habitat",
                                  "unclassified", "open_water")) + "nodata,impassable\n", encoding="utf-8")
        flow.update(DISTANCE_MODE="least_cost", RESISTANCE_FILE=str(uniform), MAX_DISTANCE=3000.0)
    result = processing.run("bluecarbon:restorationpriority", params(out, OBJECTIVE="flow", **flow, **rates))
    layer = QgsVectorLayer(str(out / "sites.gpkg"), "sites", "ogr")
    feats = list(layer.getFeatures())
    gains = np.array([f["flow_gain_tC_yr"] for f in feats])
    seq = np.array([f["sequestration_tC_yr"] for f in feats])
    assert (gains >= 0).all() and (gains <= seq * (1 + 1e-9)).all() and gains.max() > 0
    picks = read(out / "portfolio.csv")
    assert len(picks) == result["N_PICKED"] > 0
    assert float(picks[0]["marginal_flow_gain_tC_yr"]) == pytest.approx(max(
        f["flow_gain_tC_yr"] / f["area_ha"] for f in feats) * float(picks[0]["area_ha"]), rel=1e-9)

    def max_deliverable(path: Path, name: str) -> float:
        flow_out = tmp_path / name
        flow_out.mkdir()
        r = processing.run("bluecarbon:carbonserviceflow", {
            "INPUT": str(path), "LEGEND_PRESET": "esa_worldcover", **rates, **flow,
            "OUTPUT_LINKS": str(flow_out / "links.gpkg"), "OUTPUT_PATCHES": str(flow_out / "patches.csv"),
            "OUTPUT_DEMAND": str(flow_out / "demand.csv"), "OUTPUT_NETWORK": str(flow_out / "network.csv")})
        return r["MAX_DELIVERABLE_TC_YR"]

    before = max_deliverable(SAMPLE, "before")
    best = max(feats, key=lambda f: f["flow_gain_tC_yr"])
    with rasterio.open(SAMPLE) as src:
        codes, profile = src.read(1), src.profile
        cells = features.rasterize([wkb.loads(bytes(best.geometry().asWkb()))], out_shape=codes.shape,
                                   transform=src.transform) > 0
    assert cells.sum() * 0.01 == pytest.approx(best["area_ha"], rel=1e-9)
    codes = codes.copy()
    codes[cells] = 95
    restored = tmp_path / "restored.tif"
    with rasterio.open(restored, "w", **profile) as dst:
        dst.write(codes, 1)
    after = max_deliverable(restored, "after")
    assert best["flow_gain_tC_yr"] == pytest.approx(after - before, rel=1e-6, abs=1e-6)


def test_least_cost_habitat_network_is_that_of_connectivity(provider, tmp_path: Path) -> None:
    """DISTANCE=least_cost: the habitat's EC(PC) equals bluecarbon:connectivity's over the same resistance table, and
    the site gains differ from the straight-line run's."""
    import processing
    from qgis.core import QgsVectorLayer

    out = tmp_path / "lc"
    out.mkdir()
    result = processing.run("bluecarbon:restorationpriority", params(out, DISTANCE="least_cost"))
    con = processing.run("bluecarbon:connectivity", {
        "INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "CLASSES": "mangrove", "DISTANCE": "least_cost",
        "THRESHOLD": 300.0, "OUTPUT_NODES": str(tmp_path / "nodes.csv"),
        "OUTPUT_LANDSCAPE": str(tmp_path / "landscape.csv")})
    landscape = read(tmp_path / "landscape.csv")[0]
    assert result["EC_PC_HA"] == pytest.approx(float(landscape["EC_PC_ha"]), rel=1e-9)
    straight = tmp_path / "sl"
    straight.mkdir()
    processing.run("bluecarbon:restorationpriority", params(straight))

    def gains(folder: Path) -> dict:
        layer = QgsVectorLayer(str(folder / "sites.gpkg"), "sites", "ogr")
        return {f["site_id"]: f["EC_gain_ha"] for f in layer.getFeatures()}

    a, b = gains(out), gains(straight)
    assert a.keys() == b.keys() and any(abs(a[k] - b[k]) > 1e-6 for k in a)

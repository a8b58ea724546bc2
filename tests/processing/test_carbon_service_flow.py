"""bluecarbon:carbonserviceflow through Processing and qgis_process: the sample with its demo demand layer."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasters import SAMPLE, DEMAND

ROOT = Path(__file__).resolve().parents[2]
ALG = "bluecarbon:carbonserviceflow"


def params(tmp_path: Path, **extra) -> dict:
    base = {
        "INPUT": str(SAMPLE),
        "LEGEND_PRESET": "esa_worldcover",
        "PARAMETERS": "mcleod_2011",
        "DEMAND_UNITS": str(DEMAND),
        "DEMAND_FIELD": "emissions_tC_yr",
        "NAME_FIELD": "name",
        "DECAY": "exponential",
        "DECAY_DISTANCE": 1500.0,
        "MAX_DISTANCE": 4000.0,
        "OUTPUT_LINKS": str(tmp_path / "links.gpkg"),
        "OUTPUT_PATCHES": str(tmp_path / "patches.csv"),
        "OUTPUT_DEMAND": str(tmp_path / "demand.csv"),
        "OUTPUT_NETWORK": str(tmp_path / "network.csv"),
        "OUTPUT_BALANCE": str(tmp_path / "balance.tif"),
    }
    base.update(extra)
    return base


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def column(table: list[dict], name: str) -> np.ndarray:
    return np.array([float(r[name]) if r[name] != "" else np.nan for r in table])


def test_sample_flows_conserve_and_join(provider, tmp_path: Path) -> None:
    """Supply from the sink engine; delivered + unallocated = supply; lines = links; units receive what patches send."""
    import processing
    from qgis.core import QgsVectorLayer

    extra = {"EDGE_DEPTH": 20.0, "EDGE_FACTOR": 0.6, "OUTPUT_UNITS": str(tmp_path / "units.gpkg")}
    result = processing.run(ALG, params(tmp_path, **extra))
    patches, demand = rows(tmp_path / "patches.csv"), rows(tmp_path / "demand.csv")
    network = {r["indicator"]: r["value"] for r in rows(tmp_path / "network.csv")}
    supply = column(patches, "supply_tC_yr")
    delivered, unallocated = column(patches, "delivered_tC_yr"), column(patches, "unallocated_tC_yr")
    assert supply.sum() == pytest.approx(float(network["supply_tC_yr"]), rel=1e-9)
    assert np.allclose(delivered + unallocated, supply, rtol=1e-9)
    assert column(demand, "received_tC_yr").sum() + unallocated.sum() == pytest.approx(supply.sum(), rel=1e-9)
    assert result["DELIVERED_TC_YR"] == pytest.approx(column(demand, "received_tC_yr").sum(), rel=1e-9)
    assert result["N_LINKS"] == float(network["links_e"]) > 0
    assert [r["name"] for r in demand][:2] == ["Town", "Port"]
    # the sink engine gives the same supply (edge band 20 m at 60 %)
    sink = processing.run("bluecarbon:sinkcapacity", {
        "INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "PARAMETERS": "mcleod_2011", "DRAWS": 0,
        "EDGE_DEPTH": 20.0, "EDGE_FACTOR": 0.6, "OUTPUT_TABLE": str(tmp_path / "sink.csv")})
    total = {r["ecosystem"]: r for r in rows(Path(sink["OUTPUT_TABLE"]))}["total"]
    assert float(total["sequestration_tC_yr"]) == pytest.approx(supply.sum(), rel=1e-9)
    links = QgsVectorLayer(str(tmp_path / "links.gpkg"), "links", "ogr")
    assert links.isValid() and links.featureCount() == result["N_LINKS"]
    flows = np.array([f["flow_tC_yr"] for f in links.getFeatures()])
    assert flows.sum() == pytest.approx(result["DELIVERED_TC_YR"], rel=1e-9)
    assert links.fields().names()[1:] == [
        "patch_id", "unit_id", "flow_tC_yr", "attributed_tC_yr", "attributed_tCO2e_yr", "distance_m", "share",
        "share_of_received", "date", "change",
    ]
    # the style (line width by flow) is stored in the GeoPackage
    styles = links.listStylesInDatabase()
    assert "bluecarbon_flows_by_amount" in list(styles[2])
    units = QgsVectorLayer(str(tmp_path / "units.gpkg"), "units", "ogr")
    assert units.featureCount() == len(demand) == 9
    # balance raster: band 1 = received − demand of the unit nearest each cell (within d_max), band 2 = ESDR
    with rasterio.open(tmp_path / "balance.tif") as src:
        balance = src.read(1)
        assert src.count == 2 and src.crs.to_epsg() == 32649
    balances = column(demand, "balance_tC_yr")
    present = np.unique(balance[np.isfinite(balance)])
    assert np.allclose(np.sort(present), np.sort(np.unique(balances.astype(np.float32))), rtol=1e-6)
    assert (tmp_path / "balance.qml").exists()


def test_allocation_source_threshold_and_decay_by_meaning(provider, tmp_path: Path) -> None:
    """The advanced flow options reach the engine: capped ≤ LP optimum, aspatial serves all, p at d_ref = λ."""
    import math

    import processing

    totals = {}
    for method in ("capped", "accessible_supply", "aspatial"):
        out = tmp_path / method
        out.mkdir()
        result = processing.run(ALG, params(out, ALLOCATION=method))
        network = {r["indicator"]: r["value"] for r in rows(out / "network.csv")}
        assert network["allocation"] == method and network["source"] == "cells"
        totals[method] = float(network["attributed_tC_yr"])
        assert result["DELIVERED_TC_YR"] == pytest.approx(totals[method], rel=1e-9)
        demand = rows(out / "demand.csv")
        if method == "capped":
            assert (column(demand, "received_tC_yr") <= column(demand, "demand_tC_yr") * (1 + 1e-9)).all()
            assert totals[method] == pytest.approx(float(network["max_deliverable_tC_yr"]), rel=1e-6)
            patches = rows(out / "patches.csv")
            split = column(patches, "unallocated_no_demand_tC_yr") + column(patches, "unallocated_saturated_tC_yr")
            assert np.allclose(split, column(patches, "unallocated_tC_yr"), atol=1e-9)
    assert totals["capped"] <= totals["accessible_supply"] + 1e-9
    by_meaning = tmp_path / "meaning"
    by_meaning.mkdir()
    processing.run(ALG, params(by_meaning, DECAY_DISTANCE=999.0, DECAY_WEIGHT=math.exp(-1), DECAY_WEIGHT_DISTANCE=1500.0,
                               SOURCE="patches", LINK_THRESHOLD=0.05))
    network = {r["indicator"]: r["value"] for r in rows(by_meaning / "network.csv")}
    assert network["decay"] == "f(d) = exp(-d / 1500)" and network["source"] == "patches"


def test_uncertainty_draws_write_interval_columns(provider, tmp_path: Path) -> None:
    """UNCERTAINTY_DRAWS: _lo/_hi columns from core.flow.flow_uncertainty, around the central run."""
    import processing

    processing.run(ALG, params(tmp_path, UNCERTAINTY_DRAWS=30))
    network = {r["indicator"]: r["value"] for r in rows(tmp_path / "network.csv")}
    lo, hi = float(network["attributed_tC_yr_lo"]), float(network["attributed_tC_yr_hi"])
    assert lo < hi and float(network["uncertainty_draws"]) == 30
    demand = rows(tmp_path / "demand.csv")
    received = column(demand, "received_tC_yr")
    assert (column(demand, "received_tC_yr_lo") <= received + 1e-6).all()
    assert (column(demand, "received_tC_yr_hi") >= received - 1e-6).all()


def test_edge_factor_range_and_demand_uncertainty_widen_the_intervals(provider, tmp_path: Path) -> None:
    """UNCERTAINTY_EDGE_FACTOR and UNCERTAINTY_DEMAND_SD reach the draws: with the same rate draws (seed 1), the
    share-met intervals are wider with an uncertain demand, the attributed total's wider with the edge factor's
    range; a range outside [0, 1] is an error naming the fix."""
    import processing
    from qgis.core import QgsProcessingException

    def widths(folder: Path, **extra) -> tuple[np.ndarray, float]:
        folder.mkdir()
        processing.run(ALG, params(folder, UNCERTAINTY_DRAWS=40, EDGE_DEPTH=30.0, **extra))
        demand = rows(folder / "demand.csv")
        network = {r["indicator"]: r["value"] for r in rows(folder / "network.csv")}
        return (column(demand, "share_met_hi") - column(demand, "share_met_lo"),
                float(network["attributed_tC_yr_hi"]) - float(network["attributed_tC_yr_lo"]))

    base_share, base_total = widths(tmp_path / "base", EDGE_FACTOR=0.6)
    demand_share, _ = widths(tmp_path / "demand", EDGE_FACTOR=0.6, UNCERTAINTY_DEMAND_SD=0.5)
    _, edge_total = widths(tmp_path / "edge", EDGE_FACTOR=0.6, UNCERTAINTY_EDGE_FACTOR="0.1,1.0")
    assert np.nansum(demand_share) > np.nansum(base_share) * 1.2
    assert edge_total > base_total * 1.2
    (tmp_path / "bad").mkdir()
    with pytest.raises(QgsProcessingException, match="range must lie in"):
        processing.run(ALG, params(tmp_path / "bad", UNCERTAINTY_DRAWS=5, EDGE_DEPTH=30.0,
                                   UNCERTAINTY_EDGE_FACTOR="0.5,1.5"))
    assert not list((tmp_path / "bad").iterdir())  # nothing written


def test_least_cost_power_and_raster_demand(provider, tmp_path: Path) -> None:
    """Least cost with the power law; demand from a raster summed into 1 km grid cells."""
    import processing

    with rasterio.open(SAMPLE) as src:
        codes, profile = src.read(1), src.profile
    emissions = np.where(codes == 50, 2.0, 0.0).astype(np.float32)  # 2 t CO₂/yr per built-up cell
    profile.update(dtype="float32", nodata=None, compress="deflate")
    profile.pop("nodata")
    with rasterio.open(tmp_path / "em.tif", "w", **profile) as dst:
        dst.write(emissions, 1)
    result = processing.run(ALG, params(
        tmp_path, DEMAND_UNITS=None, DEMAND_FIELD=None, NAME_FIELD=None, DEMAND_RASTER=str(tmp_path / "em.tif"),
        DEMAND_MEASURE="tCO2_yr", GRID_SIZE=1000.0, DECAY="power", POWER_EXPONENT=2.0, POWER_OFFSET=50.0,
        DISTANCE_MODE="least_cost", MAX_DISTANCE=6000.0,
    ))
    demand = rows(tmp_path / "demand.csv")
    assert column(demand, "demand_tC_yr").sum() == pytest.approx((codes == 50).sum() * 2.0 * 12 / 44, rel=1e-9)
    assert len(demand) <= 8 * 6 and result["N_LINKS"] > 0
    with rasterio.open(tmp_path / "balance.tif") as src:
        assert (src.width, src.height) == (8, 6) and src.res == (1000.0, 1000.0)


def test_two_dates(provider, tmp_path: Path) -> None:
    """A second date where a creek cuts the largest mangrove patch: the patch splits, links change."""
    import processing

    with rasterio.open(SAMPLE) as src:
        codes, profile = src.read(1), src.profile
    from scipy import ndimage as ndi

    lab, n = ndi.label(codes == 95, np.ones((3, 3)))
    biggest = np.argmax(np.bincount(lab.ravel())[1:]) + 1
    rows_, cols_ = np.nonzero(lab == biggest)
    later = codes.copy()
    c = int(np.median(cols_))
    later[:, c - 1 : c + 2][lab[:, c - 1 : c + 2] == biggest] = 80  # a 3-cell creek through the patch
    with rasterio.open(tmp_path / "later.tif", "w", **profile) as dst:
        dst.write(later, 1)
    processing.run(ALG, params(tmp_path, INPUT_2=str(tmp_path / "later.tif"), OUTPUT_CHANGE=str(tmp_path / "change.csv")))
    change = rows(tmp_path / "change.csv")
    assert "split" in {r["status"] for r in change}
    network = {r["indicator"]: r for r in rows(tmp_path / "network.csv")}
    assert set(network["supply_tC_yr"]) == {"indicator", "date_1", "date_2", "change"}
    parts = sum(float(network[f"delivered_change_{k}_tC_yr"]["change"])
                for k in ("lost", "split", "merged", "shrunk", "grown", "unchanged", "new"))
    assert parts == pytest.approx(float(network["delivered_tC_yr"]["change"]), abs=1e-9)
    patches = rows(tmp_path / "patches.csv")
    assert {r["date"] for r in patches} == {"1", "2"}
    with rasterio.open(tmp_path / "balance.tif") as src:
        assert src.count == 4


def test_two_dates_decomposition_sums_to_the_change(provider, tmp_path: Path) -> None:
    """Date-specific demand (a second field): the channels add up to the change of the two runs' attributed flow."""
    import processing

    with rasterio.open(SAMPLE) as src:
        codes, profile = src.read(1), src.profile
    later = codes.copy()
    mangrove = np.flatnonzero(later.ravel() == 95)
    later.ravel()[mangrove[::7]] = 80  # scattered losses: less area, more edge
    with rasterio.open(tmp_path / "later.tif", "w", **profile) as dst:
        dst.write(later, 1)
    result = processing.run(ALG, params(
        tmp_path, INPUT_2=str(tmp_path / "later.tif"), DEMAND_FIELD_2="built_up_ha", EDGE_DEPTH=20.0, EDGE_FACTOR=0.6,
        OUTPUT_DECOMPOSITION=str(tmp_path / "decomposition.csv"), UNCERTAINTY_DRAWS=4))
    assert result["OUTPUT_DECOMPOSITION"] == str(tmp_path / "decomposition.csv")
    terms = {r["term"]: r for r in rows(tmp_path / "decomposition.csv")}
    assert list(terms) == ["area", "edge", "reach", "saturation", "demand", "total"]
    network = {r["indicator"]: r for r in rows(tmp_path / "network.csv")}
    f1, f2 = float(network["attributed_tC_yr"]["date_1"]), float(network["attributed_tC_yr"]["date_2"])
    parts = sum(float(terms[k]["change_tC_yr"]) for k in ("area", "edge", "reach", "saturation", "demand"))
    assert parts == pytest.approx(f2 - f1, rel=1e-6, abs=1e-6)
    assert float(terms["total"]["change_tC_yr"]) == pytest.approx(f2 - f1, rel=1e-6, abs=1e-6)
    # the second date's demand (built-up hectares) is far smaller: its units saturate (the demand channel counts
    # only units whose demand appears or vanishes, core.flow.attribution)
    assert float(terms["saturation"]["change_tC_yr"]) < 0
    assert float(terms["area"]["change_tC_yr"]) < 0 and float(terms["reach"]["change_tC_yr"]) == 0  # straight line
    shares = sum(float(terms[k]["share_of_change"]) for k in ("area", "edge", "reach", "saturation", "demand"))
    assert shares == pytest.approx(1.0, rel=1e-9)
    demand = rows(tmp_path / "demand.csv")
    second = [float(r["demand_tC_yr"]) for r in demand if r["date"] == "2"]
    assert second[:2] == pytest.approx([28.91, 34.98])
    # intervals on every term from the same draws at both dates (4 draws: the columns, not their width, are tested)
    for k in ("area", "edge", "reach", "saturation", "demand", "total"):
        lo, hi = float(terms[k]["change_tC_yr_lo"]), float(terms[k]["change_tC_yr_hi"])
        assert lo <= float(terms[k]["change_tC_yr_mean"]) <= hi, k
    # t CO2e beside t C, pooled ESDR over both dates (point units: on the amounts)
    assert column(demand, "demand_tCO2e_yr") == pytest.approx(column(demand, "demand_tC_yr") * 44 / 12)
    assert network["esdr_pooled_basis"]["date_1"] == "t C/yr"
    r, d = column(demand, "received_tC_yr"), column(demand, "demand_tC_yr")
    assert column(demand, "esdr_pooled") == pytest.approx((r - d) / ((r.max() + d.max()) / 2), rel=1e-9)
    from qgis.core import QgsVectorLayer

    links = QgsVectorLayer(str(tmp_path / "links.gpkg"), "links", "ogr")
    values = [(f["flow_tC_yr"], f["attributed_tCO2e_yr"]) for f in links.getFeatures()]
    assert values and all(co2 == pytest.approx(c * 44 / 12) for c, co2 in values)


def test_qgis_process_runs_it(run_qgis_process, tmp_path: Path) -> None:
    args = ["run", ALG, "--", f"INPUT={SAMPLE}", "LEGEND_PRESET=esa_worldcover", f"DEMAND_UNITS={DEMAND}",
            "DEMAND_FIELD=emissions_tC_yr", "DISTANCE_MODE=least_cost", f"OUTPUT_LINKS={tmp_path / 'l.gpkg'}",
            f"OUTPUT_PATCHES={tmp_path / 'p.csv'}", f"OUTPUT_DEMAND={tmp_path / 'd.csv'}",
            f"OUTPUT_NETWORK={tmp_path / 'n.csv'}"]
    done = run_qgis_process(args)
    assert done.returncode == 0, done.stdout + done.stderr
    network = {r["indicator"]: r["value"] for r in rows(tmp_path / "n.csv")}
    assert network["distance_mode"] == "least_cost"
    assert float(network["delivered_tC_yr"]) + float(network["unallocated_tC_yr"]) == pytest.approx(
        float(network["supply_tC_yr"]), rel=1e-9)
    assert (tmp_path / "l.gpkg").exists()


def reprojected_demand(tmp_path: Path) -> str:
    """The demo demand layer reprojected to WGS 84."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsCoordinateTransformContext,
        QgsVectorFileWriter,
        QgsVectorLayer,
    )

    layer = QgsVectorLayer(str(DEMAND), "d", "ogr")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    options.ct = QgsCoordinateTransform(layer.crs(), wgs84, QgsCoordinateTransformContext())
    out = str(tmp_path / "wgs84.gpkg")
    QgsVectorFileWriter.writeAsVectorFormatV3(layer, out, QgsCoordinateTransformContext(), options)
    return out


@pytest.mark.parametrize(
    "bad, words",
    [
        ({"DEMAND_UNITS": "WGS84"}, r"EPSG:4326.*EPSG:32649.*Fix: Reproject"),
        ({"DEMAND_FIELD": None}, "no demand field"),
        ({"DEMAND_UNITS": None, "DEMAND_FIELD": None, "NAME_FIELD": None}, "No demand was given"),
        ({"LEGEND_PRESET": "raster_values"}, "No class of the map"),
        ({"DECAY": "power", "POWER_OFFSET": 0.0}, "offset d₀"),
        ({"DEMAND_MEASURE": "tCO2_yr", "COEFFICIENT": 0.5}, "ambiguous"),
        ({"RESISTANCE_FILE": "BAD", "DISTANCE_MODE": "least_cost"}, "not a resistance > 0"),
    ],
)
def test_bad_inputs_write_nothing(provider, tmp_path: Path, bad: dict, words: str) -> None:
    import processing
    from qgis.core import QgsProcessingException

    out = tmp_path / "out"
    out.mkdir()
    if bad.get("DEMAND_UNITS") == "WGS84":
        bad = {"DEMAND_UNITS": reprojected_demand(tmp_path)}
    if bad.get("RESISTANCE_FILE") == "BAD":
        (tmp_path / "r.csv").write_text("key,resistance\nmangrove,-1\n")
        bad = dict(bad, RESISTANCE_FILE=str(tmp_path / "r.csv"))
    with pytest.raises(QgsProcessingException, match=words) as err:
        processing.run(ALG, params(out, **bad))
    assert "Fix:" in str(err.value)
    assert not list(out.iterdir())


def memory_points(points, demand, crs: str = "EPSG:32649"):
    """A memory point layer with a numeric field `demand`."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    layer = QgsVectorLayer(f"Point?crs={crs}", "units", "memory")
    layer.dataProvider().addAttributes([QgsField("demand", QVariant.Double)])
    layer.updateFields()
    for (x, y), d in zip(points, demand):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        f.setAttributes([d])
        layer.dataProvider().addFeature(f)
    return layer


@pytest.mark.parametrize(
    "points, demand, words",
    [
        ([(500000.0, 100.0)], [5.0], "does not overlap the land-cover raster"),
        ([(376000.0, 2387000.0), (377000.0, 2386000.0)], [5.0, -1.0], "negative demand"),
    ],
    ids=["no-overlap", "negative"],
)
def test_bad_demand_layers(provider, tmp_path: Path, points, demand, words: str) -> None:
    import processing
    from qgis.core import QgsProcessingException

    out = tmp_path / "out"
    out.mkdir()
    layer = memory_points(points, demand)
    with pytest.raises(QgsProcessingException, match=words) as err:
        processing.run(ALG, params(out, DEMAND_UNITS=layer, DEMAND_FIELD="demand", NAME_FIELD=None))
    assert "Fix:" in str(err.value)
    assert not list(out.iterdir())


def test_zone_summaries_of_two_dates(provider, tmp_path: Path) -> None:
    """Two zones (west and east halves of the sample): per-zone sums add up to the map's decomposition and areas."""
    import processing
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsRectangle, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    with rasterio.open(SAMPLE) as src:
        codes, profile, b = src.read(1), src.profile, src.bounds
    later = codes.copy()
    later.ravel()[np.flatnonzero(later.ravel() == 95)[::5]] = 80
    with rasterio.open(tmp_path / "later.tif", "w", **profile) as dst:
        dst.write(later, 1)
    zones = QgsVectorLayer("Polygon?crs=EPSG:32649", "zones", "memory")
    zones.dataProvider().addAttributes([QgsField("kind", QVariant.String)])
    zones.updateFields()
    mid = (b.left + b.right) / 2
    for name, (x0, x1) in (("reclamation", (b.left, mid)), ("reed wetland", (mid, b.right))):
        f = QgsFeature(zones.fields())
        f.setGeometry(QgsGeometry.fromRect(QgsRectangle(x0, b.bottom, x1, b.top)))
        f.setAttributes([name])
        zones.dataProvider().addFeature(f)
    processing.run(ALG, params(
        tmp_path, INPUT_2=str(tmp_path / "later.tif"), ZONES=zones, ZONE_FIELD="kind", ZONE_RADIUS=150.0,
        OUTPUT_ZONES=str(tmp_path / "zones.csv"), OUTPUT_DECOMPOSITION=str(tmp_path / "decomposition.csv")))
    table = rows(tmp_path / "zones.csv")
    assert [r["zone_name"] for r in table] == ["reclamation", "reed wetland", "outside the zones"]
    assert int(table[2]["cells"]) == 0  # the two halves cover the map
    assert sum(int(r["cells"]) for r in table) == codes.size
    terms = {r["term"]: float(r["change_tC_yr"]) for r in rows(tmp_path / "decomposition.csv")}
    for k in ("area", "edge", "reach", "saturation", "demand"):
        assert column(table, f"dF_{k}_tC_yr").sum() == pytest.approx(terms[k], rel=1e-9, abs=1e-9), k
    assert column(table, "dF_total_tC_yr").sum() == pytest.approx(terms["total"], rel=1e-9, abs=1e-9)
    patches = rows(tmp_path / "patches.csv")
    for date in (1, 2):
        area = sum(float(p["area_ha"]) for p in patches if p["date"] == str(date))
        assert column(table, f"blue_carbon_area_ha_{date}").sum() == pytest.approx(area, rel=1e-9)
    names = [n for n in table[0] if n.startswith("PLAND_") and n.endswith("_mean_1")]
    assert names, list(table[0])
    pland = column(table[:2], names[0])
    assert ((pland >= 0) & (pland <= 100)).all()

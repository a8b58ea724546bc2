"""bluecarbon:carbonserviceflow's routes, flow-through raster and workers, run as a user runs them."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import rasterio

sys.path.insert(0, str(Path(__file__).parent))
from test_carbon_service_flow import ALG, column, params, rows  # noqa: E402


def test_routes_and_flow_through_on_two_workers(provider, tmp_path: Path, monkeypatch) -> None:
    """Least cost on the sample with 2 worker processes (tiles of 4 cells: one task per unit): one route per link
    above the threshold, the route's attributed flow that of its link; the raster holds each route's flow once
    per cell it crosses."""
    import processing

    from bluecarbon.core.flow import leastcost

    monkeypatch.setattr(leastcost, "TILE_CELLS", 4)
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsVectorLayer

    feedback = QgsProcessingFeedback()
    out = processing.run(ALG, params(tmp_path, DISTANCE_MODE="least_cost", MAX_DISTANCE=3000.0, SOURCE="patches",
                                     LINK_THRESHOLD=0.05, WORKERS=2,
                                     OUTPUT_ROUTES=str(tmp_path / "routes.gpkg"),
                                     OUTPUT_FLOW_THROUGH=str(tmp_path / "through.tif")),
                         context=QgsProcessingContext(), feedback=feedback)
    log = feedback.textLog()
    assert "tiles on 2 processes" in log, log  # the searches and the routes ran on the pool
    routes = QgsVectorLayer(out["OUTPUT_ROUTES"], "routes", "ogr")
    links = QgsVectorLayer(out["OUTPUT_LINKS"], "links", "ogr")
    assert routes.isValid() and links.isValid()
    assert "bluecarbon_routes_by_amount" in list(routes.listStylesInDatabase()[2])  # width by attributed flow
    names = [f.name() for f in routes.fields()]
    for name in ("patch_id", "unit_id", "attributed_tC_yr", "cost", "length_m"):
        assert name in names
    link_rows = {(f["patch_id"], f["unit_id"]): f for f in links.getFeatures()}
    assert all(f["attributed_tC_yr"] == f["flow_tC_yr"] for f in link_rows.values())
    kept = [k for k, f in link_rows.items() if f["share"] >= 0.05]
    route_rows = list(routes.getFeatures())
    assert len(route_rows) == len(kept) > 0
    expected = 0.0
    for f in route_rows:
        link = link_rows[(f["patch_id"], f["unit_id"])]
        assert f["attributed_tC_yr"] == pytest.approx(link["attributed_tC_yr"], rel=1e-12)
        assert f["cost"] == pytest.approx(link["distance_m"], rel=1e-12)  # from patches: the link's least cost
        vertices = f.geometry().asPolyline()
        assert f["length_m"] == pytest.approx(f.geometry().length(), rel=1e-9)
        assert vertices[0] == link.geometry().asPolyline()[0]  # the link starts where its route starts
        expected += f["attributed_tC_yr"] * len(vertices)
    with rasterio.open(tmp_path / "through.tif") as src:
        through = src.read(1).astype(np.float64)
        assert src.dtypes[0] == "float32" and src.descriptions[0].startswith("flow through")
    assert through.sum() == pytest.approx(expected, rel=1e-5)
    assert (tmp_path / "through.qml").exists()  # viridis from 0 to the largest flow through a cell
    assert through.max() <= sum(f["attributed_tC_yr"] for f in route_rows) * (1 + 1e-6)


def test_routes_in_straight_line_mode_are_refused_and_nothing_is_written(provider, tmp_path: Path) -> None:
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="least-cost"):
        processing.run(ALG, params(tmp_path, OUTPUT_ROUTES=str(tmp_path / "routes.gpkg")))
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_straight_links_carry_attributed_flow(provider, tmp_path: Path) -> None:
    import processing
    from qgis.core import QgsVectorLayer

    out = processing.run(ALG, params(tmp_path))
    links = QgsVectorLayer(out["OUTPUT_LINKS"], "links", "ogr")
    flows = [(f["attributed_tC_yr"], f["flow_tC_yr"]) for f in links.getFeatures()]
    assert flows and all(a == b for a, b in flows)
    delivered = column(rows(tmp_path / "patches.csv"), "attributed_tC_yr").sum()
    assert sum(a for a, _ in flows) == pytest.approx(delivered, rel=1e-9)

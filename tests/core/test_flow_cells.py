"""Supply from cells: sums equal the sink's patches, the belt case, relabelling invariance, margins in the engine."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, vstack
from rasters import write_raster

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.flow import DistanceDecay, FlowOptions, assess_flow, parse_resistance, point_units
from bluecarbon.core.landcover import open_landcover
from bluecarbon.core.legend import Legend, LegendEntry
from bluecarbon.core.parameters import parse_parameters
from bluecarbon.core.sink import SinkOptions

X0, Y0 = 371000.0, 2390000.0  # upper-left corner of tests/rasters.write_raster grids (10 m cells)
CRS = "EPSG:32649"
LEGEND = Legend([LegendEntry(1, "mangrove", "mangrove"), LegendEntry(2, "salt marsh", "salt_marsh"),
                 LegendEntry(3, "mudflat", "tidal_flat"), LegendEntry(4, "land", "non_habitat"),
                 LegendEntry(5, "creek", "open_water")], title="test")
RATES = """ecosystem,parameter,value,unit,low,high,sd,distribution,source,confirmed,note
mangrove,soil_accumulation,2.0,t C/ha/yr,1.0,3.0,,uniform,test,no,
salt_marsh,soil_accumulation,1.0,t C/ha/yr,0.5,1.5,,uniform,test,no,
"""
RESISTANCE = "key,resistance\nmangrove,1\nsalt_marsh,1\ntidal_flat,2\nnon_habitat,3\nopen_water,impassable\n"


def landscape(tmp_path: Path, a, name: str = "lc.tif"):
    lc = open_landcover(write_raster(tmp_path / name, np.asarray(a, dtype=np.uint8), nodata=0))
    return lc, build_scheme(lc.value_counts(), LEGEND)


def units_at(points, demand):
    """Point units at metres right of and below the upper-left corner."""
    xy = np.array([(X0 + x, Y0 - y) for x, y in points])
    return point_units(np.arange(1, len(points) + 1), xy[:, 0], xy[:, 1], demand, CRS)

DECAY = DistanceDecay("exponential", scale_m=100.0)


def run(lc, scheme, units, d_max=400.0, mode="straight_line", sink=None, **kw):
    options = FlowOptions(DECAY, d_max, mode, parse_resistance(RESISTANCE) if mode == "least_cost" else None,
                          sink or SinkOptions(draws=0), **kw)
    result = assess_flow(lc, scheme, parse_parameters(RATES), units, options)
    result.close()
    return result


def belt(creek: bool):
    """A mangrove belt, rows 3-6 × cols 5-204 (2 km of 10 m cells), in tidal flat; a one-cell creek (open water) at
    col 105 splits it into two patches."""
    a = np.full((12, 212), 3)
    a[3:7, 5:205] = 1
    if creek:
        a[:, 105] = 5
    return a


def test_cell_supply_sums_to_the_sink_patches(tmp_path: Path) -> None:
    a = np.full((30, 40), 4)
    a[2:12, 3:20] = 1
    a[15:28, 10:14] = 2
    a[20:25, 25:39] = 1
    lc, scheme = landscape(tmp_path, a)
    sink = SinkOptions(edge_depth_m=20.0, edge_factor=0.4, draws=0)
    r = run(lc, scheme, units_at([(100.0, 100.0)], [1e6]), sink=sink)
    m = r.model
    per_patch = np.bincount(m.patch_of_source, weights=m.supply, minlength=r.supply_ids.size)
    np.testing.assert_allclose(per_patch, m.patch_supply, rtol=1e-12)
    # by hand: patch 1 is 10 × 17 cells; its core (cells ≥ 20 m = 2 cells inside) is 6 × 13
    ha = 0.01
    assert m.patch_supply[0] == pytest.approx(2.0 * ha * (6 * 13 + 0.4 * (170 - 78)))


@pytest.mark.parametrize("allocation", ["capped", "accessible_supply"])
def test_belt_split_by_a_creek_moves_no_sequestering_cell(tmp_path: Path, allocation) -> None:
    """Two villages with ample demand: each unit's attribution changes by the creek cells' contributions only,
    s_c D_j f(d_cj) / Σ_k D_k f(d_ck) summed over the 4 creek cells (written out here). From patches it does not:
    the nearest-cell distances of the two halves differ from the whole belt's."""
    pts, demand = [(805.0, 85.0), (1305.0, 15.0)], [500.0, 800.0]
    units = units_at(pts, demand)
    out = {}
    for creek in (False, True):
        lc, scheme = landscape(tmp_path, belt(creek), f"belt_{creek}.tif")
        for source in ("cells", "patches"):
            out[creek, source] = run(lc, scheme, units, 500.0, allocation=allocation, source=source)
    change = out[False, "cells"].units["received_tC_yr"] - out[True, "cells"].units["received_tC_yr"]
    # the creek cells: rows 3-6, col 105; centres at x = 1055, y = 35..65; each 0.01 ha × 2 t C/ha/yr
    expected = np.zeros(2)
    for row in range(3, 7):
        x, y = 1055.0, row * 10.0 + 5.0
        d = np.array([np.hypot(x - px, y - py) for px, py in pts])
        w = np.where(d <= 500.0, np.array(demand) * np.exp(-d / 100.0), 0.0)
        expected += 0.02 * w / w.sum()
    np.testing.assert_allclose(change, expected, rtol=1e-9, atol=1e-12)
    by_patch = out[False, "patches"].units["received_tC_yr"] - out[True, "patches"].units["received_tC_yr"]
    assert np.abs(by_patch - expected).max() > 1e-3


def test_relabelling_cells_into_patches_changes_nothing(tmp_path: Path) -> None:
    """Diagonal chains are one patch under the 8-neighbour rule and many under the 4-neighbour rule; the cells are
    the same. With saturated units (capped), the attribution to each unit and the totals are the same to 1e-9."""
    rng = np.random.default_rng(5)
    a = np.where(rng.uniform(size=(40, 40)) < 0.35, 1, 4)
    lc, scheme = landscape(tmp_path, a)
    units = units_at([(50.0, 50.0), (300.0, 120.0), (200.0, 330.0)], [0.3, 0.5, 0.2])
    res = {}
    for rule in (8, 4):
        res[rule] = run(lc, scheme, units, 150.0, sink=SinkOptions(neighbours=rule, draws=0))
    assert res[4].supply_ids.size > res[8].supply_ids.size
    np.testing.assert_allclose(res[4].units["received_tC_yr"], res[8].units["received_tC_yr"], rtol=1e-9)
    assert res[8].network["unallocated_saturated_tC_yr"] > 0
    for key in ("attributed_tC_yr", "unallocated_no_demand_tC_yr", "unallocated_saturated_tC_yr"):
        assert res[4].network[key] == pytest.approx(res[8].network[key], rel=1e-9)
    # the first model (gravity from patches): a patch with one cell in reach sends all its supply, so the grouping
    # decides what is attributed
    patches = {rule: run(lc, scheme, units, 150.0, sink=SinkOptions(neighbours=rule, draws=0), source="patches",
                         allocation="accessible_supply") for rule in (8, 4)}
    assert np.abs(patches[4].units["received_tC_yr"] - patches[8].units["received_tC_yr"]).max() > 1e-4


def lp_optimum(supply, demand, src, unit) -> float:
    n = src.size
    a = vstack([coo_matrix((np.ones(n), (src, np.arange(n))), (supply.size, n)),
                coo_matrix((np.ones(n), (unit, np.arange(n))), (demand.size, n))])
    return -linprog(-np.ones(n), A_ub=a, b_ub=np.r_[supply, demand], bounds=(0, None), method="highs").fun


@pytest.mark.parametrize("mode", ["straight_line", "least_cost"])
def test_engine_margins_and_optimum(tmp_path: Path, mode) -> None:
    """Capped from cells through the engine: received ≤ demand and sent ≤ supply (1e-9), attributed = the LP optimum
    of the cell reach graph (1e-6), supply = attributed + unallocated (no demand in reach + saturated)."""
    rng = np.random.default_rng(2)
    a = np.where(rng.uniform(size=(30, 50)) < 0.3, rng.integers(1, 3, (30, 50)), 4)
    a[:, 24] = 5
    lc, scheme = landscape(tmp_path, a)
    pts = [(rng.uniform(0, 500), rng.uniform(0, 300)) for _ in range(6)]
    units = units_at(pts, list(rng.uniform(0.05, 0.6, 6)))
    r = run(lc, scheme, units, 120.0, mode, sink=SinkOptions(edge_depth_m=10.0, edge_factor=0.5, draws=0))
    p, u, n = r.patches, r.units, r.network
    d = u["demand_tC_yr"]
    assert np.all(u["received_tC_yr"] <= d * (1 + 1e-9))
    assert np.all(p["delivered_tC_yr"] <= p["supply_tC_yr"] * (1 + 1e-9))
    np.testing.assert_allclose(p["attributed_tC_yr"] + p["unallocated_no_demand_tC_yr"]
                               + p["unallocated_saturated_tC_yr"], p["supply_tC_yr"], rtol=1e-9, atol=1e-15)
    m = r.model
    keep = m.pairs.distance <= 120.0
    optimum = lp_optimum(m.supply, m.demand, m.pairs.patch[keep], m.pairs.unit[keep])
    assert n["attributed_tC_yr"] == pytest.approx(optimum, rel=1e-6)
    assert n["max_deliverable_tC_yr"] == pytest.approx(optimum, rel=1e-9)
    assert n["transport_converged"]
    assert n["essr"] == pytest.approx(n["attributed_tC_yr"] / n["supply_tC_yr"])
    # the aspatial reference and each unit's departure from it
    np.testing.assert_allclose(u["aspatial_received_tC_yr"], n["supply_tC_yr"] * d / d.sum(), rtol=1e-12)
    np.testing.assert_allclose(u["departure_from_aspatial_tC_yr"], u["received_tC_yr"] - u["aspatial_received_tC_yr"])

"""Service flows through the engine: hand-computed cases for both decay laws, fragmentation, bad inputs."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from rasters import write_raster

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.errors import InputError
from bluecarbon.core.flow import (
    DistanceDecay,
    FlowOptions,
    assess_flow,
    parse_resistance,
    point_units,
    polygon_units,
    raster_demand,
)
from bluecarbon.core.landcover import open_landcover
from bluecarbon.core.legend import Legend, LegendEntry
from bluecarbon.core.parameters import parse_parameters
from bluecarbon.core.sink import SinkOptions

X0, Y0 = 371000.0, 2390000.0  # upper-left corner of tests/rasters.write_raster grids (10 m cells)
CRS = "EPSG:32649"
LEGEND = Legend(
    [
        LegendEntry(1, "mangrove", "mangrove"),
        LegendEntry(2, "salt marsh", "salt_marsh"),
        LegendEntry(3, "mudflat", "tidal_flat"),
        LegendEntry(4, "land", "non_habitat"),
        LegendEntry(5, "creek", "open_water"),
    ],
    title="test",
)
RATES = """ecosystem,parameter,value,unit,low,high,sd,distribution,source,confirmed,note
mangrove,soil_accumulation,2.0,t C/ha/yr,,,,fixed,test,no,
salt_marsh,soil_accumulation,1.0,t C/ha/yr,,,,fixed,test,no,
"""
RESISTANCE = """key,resistance
mangrove,1
salt_marsh,1
tidal_flat,2
non_habitat,3
open_water,impassable
"""


def landscape(tmp_path: Path, a, name: str = "lc.tif"):
    path = write_raster(tmp_path / name, np.asarray(a, dtype=np.uint8), nodata=0)
    lc = open_landcover(path)
    return lc, build_scheme(lc.value_counts(), LEGEND)


def at(x: float, y: float) -> tuple[float, float]:
    """CRS coordinates of a point given in metres right of and below the upper-left corner."""
    return X0 + x, Y0 - y


def units_at(points, demand, crs: str = CRS):
    xy = np.array([at(*p) for p in points])
    return point_units(np.arange(1, len(points) + 1), xy[:, 0], xy[:, 1], demand, crs)


def run(lc, scheme, units, decay, d_max, mode="straight_line", sink=None, resistance=RESISTANCE,
        allocation="accessible_supply", source="patches"):
    """The first model by default (gravity from patches, no capacity), which these hand cases solve."""
    options = FlowOptions(
        decay, d_max, mode, parse_resistance(resistance) if mode == "least_cost" else None, sink or SinkOptions(draws=0),
        allocation=allocation, source=source,
    )
    result = assess_flow(lc, scheme, parse_parameters(RATES), units, options)
    result.close()
    return result


def two_patches(tmp_path: Path):
    """Patch A: mangrove, rows 2-3, cols 2-3 (4 cells, 0.04 ha × 2 = 0.08 t C/yr).
    Patch B: salt marsh, row 10, cols 30-33 (4 cells, 0.04 ha × 1 = 0.04 t C/yr)."""
    a = np.full((20, 40), 4)
    a[2:4, 2:4] = 1
    a[10, 30:34] = 2
    return landscape(tmp_path, a)


# unit points (metres from the corner) and their distances to the nearest cell centre of A and B
# A's cell centres: x, y ∈ {25, 35}; B's: y = 105, x ∈ {305, ..., 335}
UNITS = [(25.0, 105.0), (205.0, 105.0), (335.0, 35.0)]
DEMAND = [10.0, 20.0, 5.0]
D_A = [70.0, math.sqrt(170.0**2 + 70.0**2), 300.0]  # 70, 183.85, 300
D_B = [280.0, 100.0, 70.0]
D_MAX = 250.0  # A reaches units 1, 2; B reaches units 2, 3


def expected_flows(f) -> dict[tuple[str, int], float]:
    """F_ij = S_i D_j f(d_ij) / Σ_k D_k f(d_ik) over the units within 250 m, written out."""
    s_a, s_b = 0.08, 0.04
    wa1, wa2 = 10 * f(D_A[0]), 20 * f(D_A[1])
    wb2, wb3 = 20 * f(D_B[1]), 5 * f(D_B[2])
    return {
        ("A", 1): s_a * wa1 / (wa1 + wa2),
        ("A", 2): s_a * wa2 / (wa1 + wa2),
        ("B", 2): s_b * wb2 / (wb2 + wb3),
        ("B", 3): s_b * wb3 / (wb2 + wb3),
    }


def flows_of(result) -> dict[tuple[str, int], float]:
    name = {1: "A", 2: "B"}
    ids = result.patches["patch_id"][np.argsort(result.patches["ecosystem"])]  # mangrove (A) before salt_marsh (B)
    by_id = {int(ids[0]): "A", int(ids[1]): "B"} if len(ids) == 2 else name
    links = result.links
    return {(by_id[int(p)], int(u)): float(f) for p, u, f in zip(links["patch_id"], links["unit_id"], links["flow_tC_yr"])}


@pytest.mark.parametrize(
    "decay, f",
    [
        (DistanceDecay("exponential", scale_m=100.0), lambda d: math.exp(-d / 100.0)),
        (DistanceDecay("power", exponent=2.0, offset_m=10.0), lambda d: (d + 10.0) ** -2.0),
    ],
    ids=["exponential", "power"],
)
def test_two_patches_three_units_by_hand(tmp_path: Path, decay, f) -> None:
    lc, scheme = two_patches(tmp_path)
    result = run(lc, scheme, units_at(UNITS, DEMAND), decay, D_MAX)
    want = expected_flows(f)
    got = flows_of(result)
    assert set(got) == set(want)
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-12), key
    # distances: nearest cell centre of each patch
    d = {(p, u): dist for p, u, dist in zip(result.links["patch_id"], result.links["unit_id"], result.links["distance_m"])}
    assert sorted(d.values()) == pytest.approx(sorted([D_A[0], D_A[1], D_B[1], D_B[2]]), rel=1e-12)
    # demand table: received, balance, ESDR = (R - D) / ((R_max + D_max) / 2)
    r = np.array([want[("A", 1)], want[("A", 2)] + want[("B", 2)], want[("B", 3)]])
    assert result.units["received_tC_yr"] == pytest.approx(r, rel=1e-12)
    assert result.units["balance_tC_yr"] == pytest.approx(r - DEMAND, rel=1e-12)
    assert result.units["esdr"] == pytest.approx((r - DEMAND) / ((r.max() + 20.0) / 2), rel=1e-12)
    net = result.network
    assert net["share_of_demand_met"] == pytest.approx(r.sum() / 35.0, rel=1e-12)  # every R_j < D_j here
    assert net["supply_tC_yr"] == pytest.approx(0.12) and net["unallocated_tC_yr"] == 0.0
    # graph: v = 2 + 3, e = 4, p = 1: μ = 0, β = 0.8, γ = 4 / 9, density = 4 / 6
    assert (net["nodes_v"], net["links_e"], net["components_p"], net["cyclomatic_number"]) == (5, 4, 1, 0)
    assert net["beta"] == pytest.approx(0.8) and net["gamma"] == pytest.approx(4 / 9)
    assert net["link_density"] == pytest.approx(4 / 6) and net["alpha"] == 0.0
    patches = result.patches
    assert patches["n_beneficiaries"].tolist() == [2, 2]
    assert sorted(patches["main_beneficiary"].tolist()) == sorted(
        [1 if want[("A", 1)] > want[("A", 2)] else 2, 2 if want[("B", 2)] > want[("B", 3)] else 3]
    )


def test_a_patch_out_of_reach_is_unallocated(tmp_path: Path) -> None:
    """With d_max = 80 m, A reaches unit 1 only and B unit 3 only; at 60 m neither reaches anything."""
    lc, scheme = two_patches(tmp_path)
    decay = DistanceDecay("exponential", scale_m=100.0)
    result = run(lc, scheme, units_at(UNITS, DEMAND), decay, 80.0)
    assert flows_of(result) == pytest.approx({("A", 1): 0.08, ("B", 3): 0.04})
    result = run(lc, scheme, units_at(UNITS, DEMAND), decay, 60.0)
    assert result.links["flow_tC_yr"].size == 0
    assert result.network["unallocated_tC_yr"] == pytest.approx(0.12)
    assert result.patches["unallocated_tC_yr"].tolist() == pytest.approx([0.08, 0.04])
    assert result.network["share_of_demand_met"] == 0.0


def test_unit_inside_a_patch_is_at_distance_zero(tmp_path: Path) -> None:
    """A point inside a patch cell is at d = 0 (the power law's offset keeps f finite)."""
    lc, scheme = two_patches(tmp_path)
    units = units_at([(31.0, 33.0), (205.0, 105.0)], [1.0, 1.0])
    result = run(lc, scheme, units, DistanceDecay("power", exponent=2.0, offset_m=10.0), 1000.0)
    d = dict(zip(zip(result.links["patch_id"], result.links["unit_id"]), result.links["distance_m"]))
    assert d[(1, 1)] == 0.0
    w1, w2 = 10.0**-2, (math.hypot(170, 70) + 10) ** -2
    assert flows_of(result)[("A", 1)] == pytest.approx(0.08 * w1 / (w1 + w2), rel=1e-12)


def test_zero_demand_units_attract_nothing(tmp_path: Path) -> None:
    lc, scheme = two_patches(tmp_path)
    result = run(lc, scheme, units_at(UNITS, [0.0, 20.0, 0.0]), DistanceDecay("exponential", scale_m=100.0), D_MAX)
    assert set(result.links["unit_id"].tolist()) == {2}
    assert result.units["received_tC_yr"][1] == pytest.approx(0.12)
    assert result.network["demand_nodes"] == 1


@pytest.mark.parametrize("seed", range(5))
def test_conservation_on_random_landscapes(tmp_path: Path, seed: int) -> None:
    """Σ supply = Σ received + Σ unallocated, and per patch supply = delivered + unallocated, to 1e-9."""
    rng = np.random.default_rng(seed)
    a = rng.choice([1, 2, 3, 4, 5], size=(60, 70), p=[0.25, 0.2, 0.2, 0.25, 0.1])
    lc, scheme = landscape(tmp_path, a, f"r{seed}.tif")
    n = 25
    pts = rng.uniform([0, 0], [700, 600], size=(n, 2))
    demand = rng.gamma(1.0, 50.0, n) * (rng.random(n) > 0.2)
    for mode in ("straight_line", "least_cost"):
        law = DistanceDecay("power", exponent=1.5, offset_m=20.0) if seed % 2 else \
            DistanceDecay("exponential", scale_m=150.0)
        result = run(lc, scheme, units_at(pts, demand), law, 200.0 + 40 * seed, mode,
                     sink=SinkOptions(edge_depth_m=10.0, edge_factor=0.5, draws=0))
        net, p, u = result.network, result.patches, result.units
        total = net["supply_tC_yr"]
        assert net["delivered_tC_yr"] + net["unallocated_tC_yr"] == pytest.approx(total, rel=1e-9)
        assert u["received_tC_yr"].sum() + p["unallocated_tC_yr"].sum() == pytest.approx(p["supply_tC_yr"].sum(), rel=1e-9)
        assert np.allclose(p["delivered_tC_yr"] + p["unallocated_tC_yr"], p["supply_tC_yr"], rtol=1e-9, atol=0)
        assert 0 < net["unallocated_tC_yr"] < total or net["unallocated_tC_yr"] == 0
        assert (result.links["distance_m"] <= net["max_distance_m"]).all()


def test_splitting_a_patch_with_a_barrier_lowers_delivered_flow(tmp_path: Path) -> None:
    """A mangrove belt (rows 3-6, cols 5-24) serving a village west of it; a creek (impassable) cuts it at col 15.

    Straight line with an edge effect: more edge, less supply, less delivered. Least cost: the eastern
    piece cannot get around the creek within d_max, so its supply finds no demand (unallocated)."""
    intact = np.full((10, 30), 3)
    intact[3:7, 5:25] = 1
    split = intact.copy()
    split[:, 15] = 5
    village = units_at([(15.0, 45.0)], [100.0])
    sink = SinkOptions(edge_depth_m=10.0, edge_factor=0.5, draws=0)
    decay = DistanceDecay("exponential", scale_m=100.0)
    out = {}
    for name, a in (("intact", intact), ("split", split)):
        lc, scheme = landscape(tmp_path, a, f"{name}.tif")
        out[name, "straight"] = run(lc, scheme, village, decay, 400.0, sink=sink)
        out[name, "cost"] = run(lc, scheme, village, decay, 400.0, "least_cost", sink=SinkOptions(draws=0))
    s_i, s_s = out["intact", "straight"].network, out["split", "straight"].network
    assert s_s["supply_tC_yr"] < s_i["supply_tC_yr"]
    assert s_s["delivered_tC_yr"] < s_i["delivered_tC_yr"]
    assert s_s["unallocated_tC_yr"] == 0.0
    c_i, c_s = out["intact", "cost"].network, out["split", "cost"].network
    assert c_i["delivered_tC_yr"] == pytest.approx(c_i["supply_tC_yr"])
    assert c_s["delivered_tC_yr"] < c_i["delivered_tC_yr"]
    east = 4 * 9 * 0.01 * 2.0  # the 36 cells east of the creek × 0.01 ha × 2 t C/ha/yr
    assert c_s["unallocated_tC_yr"] == pytest.approx(east)
    assert c_s["links_e"] == 1 and c_s["components_p"] == 2


def test_polygon_units_and_raster_demand(tmp_path: Path) -> None:
    """Raster demand summed into polygons, into points (nearest point) and into grid cells, with a coefficient."""
    from shapely.geometry import box

    lc, scheme = two_patches(tmp_path)
    emissions = np.zeros((20, 40), dtype=np.float32)
    emissions[10, 2] = 4.0  # x 25, y 105
    emissions[10, 20] = 6.0  # x 205
    emissions[3, 33] = 8.0  # x 335, y 35
    path = write_raster(tmp_path / "emissions.tif", emissions)
    half = 12.0 / 44.0
    polys = [box(*at(0, 200), *at(100, 0)), box(*at(100, 200), *at(400, 0))]
    units = polygon_units([7, 9], polys, [0.0, 0.0], CRS)
    dem = raster_demand(str(path), lc.grid, half, units=units)
    assert dem.demand_tC_yr == pytest.approx([4 * half, 14 * half])
    pts = units_at(UNITS, [0, 0, 0])
    dem = raster_demand(str(path), lc.grid, 1.0, units=pts)
    assert dem.demand_tC_yr == pytest.approx([4.0, 6.0, 8.0])
    dem = raster_demand(str(path), lc.grid, 1.0, cell_size_m=100.0)
    assert dem.size == 3 and dem.demand_tC_yr.sum() == pytest.approx(18.0)
    # blocks of 100 m from the corner: (row, column)
    assert sorted(zip(dem.grid.row.tolist(), dem.grid.col.tolist())) == [(0, 3), (1, 0), (1, 2)]
    # demand-weighted point of the grid cell holding one raster cell = that cell's centre
    k = int(np.flatnonzero(dem.demand_tC_yr == 8.0)[0])
    assert (dem.x[k], dem.y[k]) == pytest.approx(at(335.0, 35.0))
    result = run(lc, scheme, dem, DistanceDecay("exponential", scale_m=100.0), D_MAX)
    assert result.units["received_tC_yr"].sum() == pytest.approx(0.12)


# -- bad inputs ---------------------------------------------------------------------------------------


def test_demand_layer_in_another_crs(tmp_path: Path) -> None:
    lc, scheme = two_patches(tmp_path)
    units = point_units([1], [109.76], [21.6], [5.0], "EPSG:4326")
    with pytest.raises(InputError, match=r"EPSG:4326.*EPSG:32649") as err:
        run(lc, scheme, units, DistanceDecay("exponential", scale_m=100.0), D_MAX)
    assert "Fix: Reproject" in str(err.value)


def test_demand_raster_in_another_crs(tmp_path: Path) -> None:
    lc, _ = two_patches(tmp_path)
    path = write_raster(tmp_path / "d.tif", np.ones((5, 5), dtype=np.float32), crs="EPSG:32650")
    with pytest.raises(InputError, match="EPSG:32650.*Fix: Reproject"):
        raster_demand(str(path), lc.grid, cell_size_m=100.0)


def test_demand_layer_without_overlap(tmp_path: Path) -> None:
    lc, scheme = two_patches(tmp_path)
    units = point_units([1, 2], [500000.0, 500100.0], [100.0, 200.0], [5.0, 1.0], CRS)
    with pytest.raises(InputError, match="does not overlap the land-cover raster") as err:
        run(lc, scheme, units, DistanceDecay("exponential", scale_m=100.0), D_MAX)
    assert "Fix:" in str(err.value)


def test_negative_demand(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"negative demand.*2 \(-3\)") as err:
        point_units([1, 2], [0.0, 1.0], [0.0, 1.0], [5.0, -3.0], CRS)
    assert "Fix:" in str(err.value)
    with pytest.raises(InputError, match="no numeric value"):
        point_units([1, 2], [0.0, 1.0], [0.0, 1.0], [5.0, float("nan")], CRS)
    lc, _ = two_patches(tmp_path)
    values = np.ones((20, 40), dtype=np.float32)
    values[4, 4] = -2.5
    path = write_raster(tmp_path / "neg.tif", values)
    with pytest.raises(InputError, match=r"1 cell\(s\) with a negative demand \(lowest -2.5\)") as err:
        raster_demand(str(path), lc.grid, cell_size_m=50.0)
    assert "Fix:" in str(err.value)


def test_no_supply_patch(tmp_path: Path) -> None:
    """A map without blue carbon, and one whose only patch is all edge with an edge factor of 0."""
    lc, scheme = landscape(tmp_path, np.full((10, 10), 3), "bare.tif")
    with pytest.raises(InputError, match="No class of the map belongs to an ecosystem") as err:
        run(lc, scheme, units_at([(5, 5)], [1.0]), DistanceDecay("exponential", scale_m=100.0), 100.0)
    assert "Fix:" in str(err.value)
    a = np.full((10, 10), 3)
    a[4, 4] = 1
    lc, scheme = landscape(tmp_path, a, "edge.tif")
    with pytest.raises(InputError, match="No blue-carbon patch supplies any sequestration") as err:
        run(lc, scheme, units_at([(5, 5)], [1.0]), DistanceDecay("exponential", scale_m=100.0), 100.0,
            sink=SinkOptions(edge_depth_m=10.0, edge_factor=0.0, draws=0))
    assert "Fix:" in str(err.value)


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda: DistanceDecay("exponential", scale_m=0.0), "decay distance"),
        (lambda: DistanceDecay("power", exponent=2.0, offset_m=0.0), "offset d₀"),
        (lambda: DistanceDecay("gaussian", scale_m=1.0), "Unknown distance-decay law"),
        (lambda: FlowOptions(DistanceDecay("exponential", scale_m=1.0), -5.0), "maximum flow distance"),
        (lambda: parse_resistance("key,resistance\nmangrove,0\n"), "not a resistance > 0"),
        (lambda: parse_resistance("key,resistance\nswamp,2\n"), "neither an ecosystem nor a raster value"),
    ],
)
def test_bad_parameters(make, words: str) -> None:
    with pytest.raises(InputError, match=words) as err:
        make()
    assert "Fix:" in str(err.value)


def test_resistance_table_must_cover_the_map(tmp_path: Path) -> None:
    lc, scheme = two_patches(tmp_path)
    with pytest.raises(InputError, match="gives no resistance for non_habitat"):
        run(lc, scheme, units_at(UNITS, DEMAND), DistanceDecay("exponential", scale_m=100.0), D_MAX, "least_cost",
            resistance="key,resistance\nmangrove,1\nsalt_marsh,1\n")


def test_geographic_raster_uses_the_metre_scale_of_its_centre(tmp_path: Path) -> None:
    """On EPSG:4326 a unit 10 columns east of a one-cell patch is 10 × dx_m away (dx_m at the map's centre)."""
    import rasterio
    from rasterio.transform import from_origin

    a = np.full((20, 20), 4, dtype=np.uint8)
    a[10, 5] = 1
    path = tmp_path / "geo.tif"
    res = 0.0001  # about 10 m
    with rasterio.open(path, "w", driver="GTiff", width=20, height=20, count=1, dtype="uint8", nodata=0,
                       crs="EPSG:4326", transform=from_origin(109.75, 21.6, res, res)) as dst:
        dst.write(a, 1)
    lc = open_landcover(path)
    scheme = build_scheme(lc.value_counts(), LEGEND)
    x, y = 109.75 + 15.5 * res, 21.6 - 10.5 * res  # centre of cell (10, 15)
    units = point_units([1], [x], [y], [1.0], "EPSG:4326")
    result = run(lc, scheme, units, DistanceDecay("exponential", scale_m=100.0), 500.0)
    assert result.links["distance_m"][0] == pytest.approx(10 * lc.geometry.dx_m, rel=1e-9)
    assert 9.0 < lc.geometry.dx_m < 11.0

"""Small rasters whose metrics are worked out by hand, and the edge cases of the definitions."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation
from bluecarbon.core.landcover import open_landcover

CELL = 10.0  # m


def analyse(tmp_path: Path, a, nodata=0, cell=CELL, crs="EPSG:32650", transform=None, **options):
    a = np.asarray(a, dtype=np.uint8)
    path = tmp_path / "hand.tif"
    with rasterio.open(
        path, "w", driver="GTiff", width=a.shape[1], height=a.shape[0], count=1, dtype="uint8", crs=crs,
        transform=transform or from_origin(0, 0, cell, cell), nodata=nodata,
    ) as dst:
        dst.write(a, 1)
    lc = open_landcover(path)
    scheme = build_scheme(lc.value_counts(), None)
    res = analyse_fragmentation(lc, scheme, FragmentationOptions(**options))
    res.close()
    lc.close()
    return res


def patch(res, i: int) -> dict:
    return {k: (v[i] if not isinstance(v, float) else v) for k, v in res.patches.items()}


def row_of(res, code) -> dict:
    i = list(res.classes["class"]).index(code)
    return {k: v[i] for k, v in res.classes.items()}


def test_single_cell_landscape(tmp_path: Path) -> None:
    """One 10 m cell: AREA 0.01 ha, PERIM 40 m, SHAPE 1, FRAC 1, no core, no neighbour."""
    res = analyse(tmp_path, [[1]])
    p = patch(res, 0)
    assert p["AREA_ha"] == pytest.approx(0.01)
    assert p["PERIM_m"] == 40
    assert p["PARA_m_per_ha"] == pytest.approx(4000)
    assert p["SHAPE"] == 1 and p["FRAC"] == 1 and p["CIRCLE"] == 0 and p["CONTIG"] == 0
    assert p["GYRATE_m"] == 5 and p["CORE_ha"] == 0 and p["NCORE"] == 0  # half a cell, as FRAGSTATS prints
    assert math.isnan(p["ENN_m"])
    assert res.landscape["NP"] == 1 and res.landscape["TE_m"] == 0 and res.landscape["LSI"] == 1


def test_one_class_fills_the_map(tmp_path: Path) -> None:
    """A 4 x 5 block of one class: core = the 2 x 3 interior (boundary counts as edge), SHAPE = 18/18."""
    res = analyse(tmp_path, np.ones((4, 5)))
    p = patch(res, 0)
    assert p["CORE_ha"] == pytest.approx(6 * 0.01)
    assert p["NCORE"] == 1
    assert p["CAI_pct"] == pytest.approx(30.0)
    assert p["PERIM_m"] == 180
    assert p["SHAPE"] == pytest.approx(18 / 18)
    c = row_of(res, 1)
    assert c["PLAND_pct"] == 100 and c["LPI_pct"] == 100 and c["TE_m"] == 0 and c["DIVISION"] == 0
    assert math.isnan(res.landscape["SHEI"])  # one class: evenness undefined
    assert res.landscape["SHDI"] == 0 and res.landscape["PR"] == 1


def test_neighbour_rule_joins_diagonals(tmp_path: Path) -> None:
    """A diagonal line is one patch under the 8-neighbour rule and three under the 4-neighbour rule."""
    a = [[1, 2, 2], [2, 1, 2], [2, 2, 1]]
    assert row_of(analyse(tmp_path, a, neighbours=8), 1)["NP"] == 1
    assert row_of(analyse(tmp_path, a, neighbours=4), 1)["NP"] == 3
    # 4-rule: the three single cells are sqrt(2) cells apart, centre to centre
    res = analyse(tmp_path, a, neighbours=4)
    enn = np.asarray(res.patches["ENN_m"])[np.asarray(res.patches["class"]) == 1]
    assert np.allclose(enn, math.sqrt(2) * CELL)


def test_enn_and_prox_by_hand(tmp_path: Path) -> None:
    """Two 2 x 2 patches whose closest cells are 3 rows and 2 columns apart: ENN = √13 · 10 m.

    PROX of each = area of the other within the radius / ENN² = 400 m² / 1300 m² (whole neighbour within 60 m).
    """
    a = np.full((8, 8), 2, dtype=np.uint8)
    a[0:2, 0:2] = 1
    a[4:6, 3:5] = 1  # closest pair: (1,1) and (4,3)
    res = analyse(tmp_path, a, search_radius_m=60.0)
    ones = np.asarray(res.patches["class"]) == 1
    assert np.allclose(np.asarray(res.patches["ENN_m"])[ones], math.sqrt(13) * CELL)
    assert np.allclose(np.asarray(res.patches["PROX"])[ones], 400 / 1300)
    # a radius shorter than the gap: no neighbour, PROX 0
    res = analyse(tmp_path, a, search_radius_m=30.0)
    assert np.all(np.asarray(res.patches["PROX"])[np.asarray(res.patches["class"]) == 1] == 0)


def test_prox_counts_only_the_part_within_the_radius(tmp_path: Path) -> None:
    """A long neighbour: only its cells within 20 m of the focal cell count (a_ijs within the neighbourhood)."""
    a = np.full((3, 12), 2, dtype=np.uint8)
    a[1, 0] = 1
    a[1, 2:12] = 1  # a 1 x 10 strip, nearest cell 20 m away; cells within 20 m: just (1, 2)
    res = analyse(tmp_path, a, search_radius_m=20.0)
    single = int(np.flatnonzero((np.asarray(res.patches["class"]) == 1) & (res.patch_data.n_cells == 1))[0])
    assert res.patches["PROX"][single] == pytest.approx(100 / 400)


def test_core_depth_in_metres_erodes_by_a_disc(tmp_path: Path) -> None:
    """A 9 x 9 square: depth 10 m keeps 7 x 7; 25 m keeps cells ≥ 3 cells from the edge in a disc sense."""
    a = np.zeros((11, 11), dtype=np.uint8) + 2
    a[1:10, 1:10] = 1
    one = lambda res: patch(res, 0)  # noqa: E731 - class 1 is first
    assert one(analyse(tmp_path, a, edge_depth_m=10.0))["CORE_ha"] == pytest.approx(49 * 0.01)
    # 25 m = 2.5 cells: a cell is core when no class-2 centre lies within 25 m. The nearest class-2 cell
    # of square cell (i, j) (0..8) is straight out, min(i, j, 8 − i, 8 − j) + 1 cells away, so core
    # needs that ≥ 3: the inner 5 x 5 block. 35 m = 3.5 cells: the inner 3 x 3 block.
    assert one(analyse(tmp_path, a, edge_depth_m=25.0))["CORE_ha"] == pytest.approx(25 * 0.01)
    assert one(analyse(tmp_path, a, edge_depth_m=35.0))["CORE_ha"] == pytest.approx(9 * 0.01)
    # 45 m = 4.5 cells: only the centre cell is 5 cells from the edge along the axes, but diagonal
    # class-2 corner cells are far; the centre (4, 4) has its nearest class-2 cell 5 cells away: core 1 cell
    assert one(analyse(tmp_path, a, edge_depth_m=45.0))["CORE_ha"] == pytest.approx(1 * 0.01)
    assert one(analyse(tmp_path, a, edge_depth_m=5.0))["CORE_ha"] == pytest.approx(81 * 0.01)  # below one cell


def test_contig_gyrate_circle_of_a_2x2_block(tmp_path: Path) -> None:
    """2 x 2 block: template sum per cell 1 + 2·2 + 1 = 6 → CONTIG (6 − 1)/12; GYRATE = 10 √0.5 m (median and
    mean centres coincide); CIRCLE 1 − 4/(π·8/4) with FRAGSTATS's π = 3.1415."""
    a = np.full((4, 4), 2, dtype=np.uint8)
    a[1:3, 1:3] = 1
    p = patch(analyse(tmp_path, a), 0)
    assert p["CONTIG"] == pytest.approx(5 / 12)
    assert p["GYRATE_m"] == pytest.approx(CELL * math.sqrt(0.5))
    assert p["CIRCLE"] == pytest.approx(1 - 4 / (3.1415 * 8 / 4))


def test_edges_touching_the_border_and_nodata(tmp_path: Path) -> None:
    """Class 1 in the left column: TE counts only the side against class 2 unless the boundary is asked for."""
    a = np.array([[1, 2, 2], [1, 2, 0], [1, 2, 2]], dtype=np.uint8)
    res = analyse(tmp_path, a)
    assert row_of(res, 1)["TE_m"] == 30  # three sides against class 2
    assert row_of(res, 2)["TE_m"] == 30
    assert res.landscape["TE_m"] == 30
    res = analyse(tmp_path, a, count_boundary_edge=True)
    assert row_of(res, 1)["TE_m"] == 30 + 50  # + left column, top and bottom ends
    # class 2: 6 sides on the map boundary (top 2, right 2, bottom 2) and 3 against the nodata cell
    assert row_of(res, 2)["TE_m"] == 30 + 60 + 30
    p = patch(res, 0)
    assert p["PERIM_m"] == 80  # PERIM always counts the boundary


def test_cohesion_division_mesh_split_by_hand(tmp_path: Path) -> None:
    """Class 1: a 2 x 2 patch and a single cell in a 4 x 4 map (16 cells)."""
    a = np.full((4, 4), 2, dtype=np.uint8)
    a[0:2, 0:2] = 1
    a[3, 3] = 1
    c = row_of(analyse(tmp_path, a), 1)
    p = np.array([8, 4.0])  # perimeters in cell sides
    s = np.array([4, 1.0])  # areas in cells
    cohesion = (1 - p.sum() / np.sum(p * np.sqrt(s))) / (1 - 1 / math.sqrt(16)) * 100
    assert c["COHESION"] == pytest.approx(cohesion)
    assert c["DIVISION"] == pytest.approx(1 - (16 + 1) / 256)
    assert c["MESH_ha"] == pytest.approx((0.04**2 + 0.01**2) / 0.16)
    assert c["SPLIT"] == pytest.approx(256 / 17)
    assert c["AI_pct"] == pytest.approx(4 / 5 * 100)  # 4 like adjacencies; max for 5 cells is 5


def test_all_nodata_is_refused(tmp_path: Path) -> None:
    from bluecarbon.core.errors import InputError

    with pytest.raises(InputError, match="only nodata"):
        analyse(tmp_path, np.zeros((3, 3)))


def test_geographic_cell_areas_are_geodesic(tmp_path: Path) -> None:
    """On EPSG:4326, CA is the geodesic area of the cells (checked with pyproj per cell), not degrees²."""
    import pyproj

    geod = pyproj.Geod(ellps="WGS84")
    size = 0.01  # degrees
    a = np.ones((5, 4), dtype=np.uint8)
    a[2:, 2:] = 2
    transform = from_origin(10.0, 60.0, size, size)
    res = analyse(tmp_path, a, crs="EPSG:4326", transform=transform)
    truth = {1: 0.0, 2: 0.0}
    for r in range(5):
        for c in range(4):
            lon, lat = 10.0 + c * size, 60.0 - r * size
            area, _ = geod.polygon_area_perimeter([lon, lon + size, lon + size, lon], [lat, lat, lat - size, lat - size])
            truth[int(a[r, c])] += abs(area)
    for code in (1, 2):
        assert row_of(res, code)["CA_ha"] * 1e4 == pytest.approx(truth[code], rel=1e-6)
    degrees_squared_wrong = 20 * size * size
    assert res.landscape["TA_ha"] > 1000 * degrees_squared_wrong


def test_geographic_total_area_matches_the_closed_form_ellipsoid_zone() -> None:
    """Podlasie (EPSG:4326, 457 x 371 cells): TA equals the area of its lat/lon rectangle on the WGS 84
    ellipsoid from the closed-form authalic formula, within 0.1 % (the map has no nodata)."""
    path = Path(__file__).resolve().parents[1] / "data" / "podlasie_ccilc_2015.tif"
    lc = open_landcover(path)
    scheme = build_scheme(lc.value_counts(), None)
    res = analyse_fragmentation(lc, scheme, FragmentationOptions(metrics=frozenset()))
    res.close()
    t, width, height = lc.grid.transform, lc.grid.width, lc.grid.height
    lc.close()
    a, f = 6378137.0, 1 / 298.257223563
    e = math.sqrt(f * (2 - f))
    b2 = (a * (1 - f)) ** 2

    def q(lat_deg: float) -> float:
        s = math.sin(math.radians(lat_deg))
        return s / (1 - e * e * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e)

    north, south = t.f, t.f + t.e * height
    dlon = math.radians(t.a * width)
    truth_m2 = b2 * dlon / 2 * (q(north) - q(south))
    assert res.landscape["TA_ha"] * 1e4 == pytest.approx(truth_m2, rel=1e-3)
    assert res.landscape["TA_ha"] * 1e4 == pytest.approx(truth_m2, rel=1e-6)  # in fact much closer

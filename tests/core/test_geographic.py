"""Lengths and distances on a geographic (EPSG:4326) raster, with pyproj Geod as the oracle.

The reference landscape (30 x 30, classes 1-3) is placed on a tile at 20° N spanning 5° of latitude
(cells of 1/6°, about 18 km) and on a small tile of 0.0001° cells; the small tile is also written as
a projected (UTM 47N) raster of the same cell sizes in metres. Edge lengths are summed side by side from
Geod.inv, cell areas from Geod.polygon_area_perimeter, with a whole-array scipy labelling.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from pyproj import Geod
from rasterio.transform import from_origin
from scipy import ndimage as ndi

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation
from bluecarbon.core.landcover import open_landcover

DATA = Path(__file__).resolve().parents[1] / "data"
GEOD = Geod(ellps="WGS84")
EIGHT = np.ones((3, 3), dtype=bool)


def reference_array() -> np.ndarray:
    with rasterio.open(DATA / "landscape_30x30.tif") as src:
        return src.read(1)


def write(path: Path, a: np.ndarray, crs: str, transform) -> Path:
    with rasterio.open(path, "w", driver="GTiff", width=a.shape[1], height=a.shape[0], count=1, dtype="uint8",
                       crs=crs, transform=transform, nodata=0) as dst:
        dst.write(a, 1)
    return path


def analyse(path: Path, **options):
    lc = open_landcover(path)
    res = analyse_fragmentation(lc, build_scheme(lc.value_counts(), None), FragmentationOptions(**options))
    res.close()
    lc.close()
    return res


def geod_oracle(a: np.ndarray, lon0: float, lat0: float, cell_deg: float) -> dict:
    """PERIM per patch (class, sorted), TE per class and landscape, TA, by summing every side with Geod.inv."""
    h, w = a.shape
    lat_b = lat0 - cell_deg * np.arange(h + 1)
    side_h = [GEOD.inv(lon0, lat, lon0 + cell_deg, lat)[2] for lat in lat_b]  # east-west side on boundary b
    side_v = [GEOD.inv(lon0, lat_b[r], lon0, lat_b[r + 1])[2] for r in range(h)]
    cell_area = [abs(GEOD.polygon_area_perimeter([lon0, lon0 + cell_deg, lon0 + cell_deg, lon0],
                                                 [lat_b[r], lat_b[r], lat_b[r + 1], lat_b[r + 1]])[0]) for r in range(h)]
    pad = np.pad(a, 1)
    te = {int(c): 0.0 for c in np.unique(a)}
    te_land = 0.0
    perim = {}
    for c in te:
        lab, n = ndi.label(a == c, EIGHT)
        p = np.zeros(n + 1)
        for r, col in zip(*np.nonzero(lab)):
            for dr, dc, length in ((-1, 0, side_h[r]), (1, 0, side_h[r + 1]), (0, -1, side_v[r]), (0, 1, side_v[r])):
                other = pad[r + 1 + dr, col + 1 + dc]
                if other != c:
                    p[lab[r, col]] += length
                    if other != 0:
                        te[c] += length
                        te_land += length / 2
        perim[c] = sorted(p[1:])
    return {"perim": perim, "te": te, "te_land": te_land, "ta_m2": float(sum(cell_area) * w)}


def assert_within(ours, theirs, rel: float, what: str) -> None:
    ours, theirs = np.asarray(ours, float), np.asarray(theirs, float)
    err = np.abs(ours / theirs - 1)
    assert err.max() <= rel, f"{what}: worst relative error {err.max():.2e}"


@pytest.mark.parametrize("cell_deg", [5 / 30, 1e-4])
def test_geographic_perim_te_ed_equal_geodesic_side_sums(tmp_path: Path, cell_deg: float) -> None:
    """PERIM, TE, ED on EPSG:4326 equal the sum of their sides' geodesic lengths (far tighter than 0.5 %)."""
    a = reference_array()
    lon0, lat0 = 100.0, 20.0 + 30 * cell_deg / 2  # centred on 20° N: a 5° tile spans 17.5-22.5° N
    res = analyse(write(tmp_path / "geo.tif", a, "EPSG:4326", from_origin(lon0, lat0, cell_deg, cell_deg)))
    oracle = geod_oracle(a, lon0, lat0, cell_deg)
    for c, values in oracle["perim"].items():
        ours = sorted(p for p, k in zip(res.patches["PERIM_m"], res.patches["class"]) if k == c)
        assert_within(ours, values, 1e-9, f"PERIM class {c}")
        i = list(res.classes["class"]).index(c)
        assert_within([res.classes["TE_m"][i]], [oracle["te"][c]], 1e-9, f"TE class {c}")
        assert_within([res.classes["ED_m_per_ha"][i]], [oracle["te"][c] / oracle["ta_m2"] * 1e4], 1e-9, f"ED {c}")
    assert_within([res.landscape["TE_m"]], [oracle["te_land"]], 1e-9, "TE")
    assert_within([res.landscape["TA_ha"]], [oracle["ta_m2"] / 1e4], 1e-9, "TA")


def test_small_geographic_tile_equals_the_same_landscape_in_utm(tmp_path: Path) -> None:
    """A 0.0001° tile at 20° N and the same cells in UTM metres: TE, ED, PERIM, GYRATE, ENN within 0.5 %."""
    a = reference_array()
    cell_deg, lon0, lat0 = 1e-4, 99.0, 20.0015
    geo = analyse(write(tmp_path / "geo.tif", a, "EPSG:4326", from_origin(lon0, lat0, cell_deg, cell_deg)))
    dx = GEOD.inv(lon0, 20.0, lon0 + cell_deg, 20.0)[2]
    dy = GEOD.inv(lon0, 20.0 + cell_deg / 2, lon0, 20.0 - cell_deg / 2)[2]
    utm = analyse(write(tmp_path / "utm.tif", a, "EPSG:32647", from_origin(500000.0, 2212000.0, dx, dy)))
    for col in ("PERIM_m", "GYRATE_m", "ENN_m", "AREA_ha"):
        ok = ~np.isnan(utm.patches[col])
        assert_within(geo.patches[col][ok], utm.patches[col][ok], 5e-3, col)
    for col in ("TE_m", "ED_m_per_ha"):
        assert_within(geo.classes[col], utm.classes[col], 5e-3, col)
        assert_within([geo.landscape[col]], [utm.landscape[col]], 5e-3, col)


def test_geographic_gyrate_on_a_5_degree_tile_equals_geodesic_distances(tmp_path: Path) -> None:
    """GYRATE of every patch on the 5° tile: per-row scale within 0.5 % of the mean Geod.inv distance from the
    cell centres to the patch centre."""
    a = reference_array()
    cell_deg, lon0, lat0 = 5 / 30, 100.0, 22.5
    res = analyse(write(tmp_path / "geo.tif", a, "EPSG:4326", from_origin(lon0, lat0, cell_deg, cell_deg)))
    lat_b = lat0 - cell_deg * np.arange(31)

    def lat_of(t: float) -> float:  # fractional row → latitude, linear inside a row
        r = int(np.clip(np.floor(t + 0.5), 0, 29))
        return lat_b[r] - cell_deg * (t + 0.5 - r)

    patches = []  # (first cell in raster order, rows, columns) of every patch, all classes
    for c in (1, 2, 3):
        lab, n = ndi.label(a == c, EIGHT)
        for p in range(1, n + 1):
            r, col = np.nonzero(lab == p)
            patches.append((int(r[0] * 30 + col[0]), r, col))
    patches.sort(key=lambda x: x[0])
    ours = dict(zip(res.patches["PID_fragstats"], res.patches["GYRATE_m"]))
    worst = 0.0
    for pid, (_, r, col) in enumerate(patches, start=1):
        if r.size == 1:
            continue
        cy, cx = grouped_median(r), grouped_median(col)
        _, _, dist = GEOD.inv(np.full(r.size, lon0 + cell_deg * (cx + 0.5)), np.full(r.size, lat_of(cy)),
                              lon0 + cell_deg * (col + 0.5), lat_b[r] - cell_deg / 2)
        worst = max(worst, abs(ours[pid] / dist.mean() - 1))
    assert worst <= 5e-3, worst


def grouped_median(idx: np.ndarray) -> float:
    ks, cs = np.unique(idx, return_counts=True)
    cum = np.cumsum(cs)
    i = int(np.searchsorted(cum, idx.size / 2))
    return float(ks[i] - 0.5 + (idx.size / 2 - (cum[i] - cs[i])) / cs[i])


# -- ENN, PROX, core area and flow distances on the ellipsoid ------------------------------------------------------

ALL = frozenset({"AREA", "ENN", "PROX", "CORE"})


def cell_lonlat(r, c, lon0: float, lat0: float, cell_deg: float):
    return lon0 + cell_deg * (np.asarray(c) + 0.5), lat0 - cell_deg * (np.asarray(r) + 0.5)


def patch_cells(a: np.ndarray) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """(class, rows, columns) of every patch (8 neighbours), in FRAGSTATS PID order."""
    out = []
    for c in np.unique(a[a > 0]):
        lab, n = ndi.label(a == c, EIGHT)
        for p in range(1, n + 1):
            r, col = np.nonzero(lab == p)
            out.append((int(r[0] * a.shape[1] + col[0]), int(c), r, col))
    out.sort(key=lambda x: x[0])
    return [x[1:] for x in out]


def geod_pairwise(r1, c1, r2, c2, where) -> np.ndarray:
    lo1, la1 = cell_lonlat(r1, c1, *where)
    lo2, la2 = cell_lonlat(r2, c2, *where)
    n1, n2 = lo1.size, lo2.size
    return np.asarray(GEOD.inv(np.repeat(lo1, n2), np.repeat(la1, n2), np.tile(lo2, n1), np.tile(la2, n1))[2]).reshape(n1, n2)


def enn_prox_oracle(a: np.ndarray, where: tuple, radius_m: float) -> tuple[np.ndarray, np.ndarray]:
    """ENN and PROX of every patch by brute force over all cell pairs with Geod.inv."""
    patches = patch_cells(a)
    cell_deg = where[2]
    row_area = np.array([abs(GEOD.polygon_area_perimeter(
        [where[0], where[0] + cell_deg, where[0] + cell_deg, where[0]],
        [where[1] - cell_deg * r, where[1] - cell_deg * r, where[1] - cell_deg * (r + 1), where[1] - cell_deg * (r + 1)])[0])
        for r in range(a.shape[0])])
    enn, prox = np.full(len(patches), np.nan), np.zeros(len(patches))
    for i, (c, r, col) in enumerate(patches):
        for j, (c2, r2, col2) in enumerate(patches):
            if j == i or c2 != c:
                continue
            d = geod_pairwise(r, col, r2, col2, where)
            enn[i] = np.nanmin([enn[i], d.min()])
            near = d.min(axis=0) <= radius_m
            if near.any():
                prox[i] += row_area[r2[near]].sum() / d.min() ** 2
    return enn, prox


@pytest.mark.parametrize("cell_deg, lat0, radius_m", [(5 / 30, 22.5, 60000.0), (1e-4, 20.0015, 35.0)])
@pytest.mark.parametrize("rows_per_strip", [None, 4])
def test_geographic_enn_and_prox_equal_geodesic_brute_force(tmp_path: Path, cell_deg, lat0, radius_m, rows_per_strip) -> None:
    """ENN and PROX on EPSG:4326 within 1e-5 of an all-pairs Geod.inv search, on the 5° tile at 20° N (cells of
    18 km, where the centre-row scale is off by up to 1.6 %) and on the small tile; strips change nothing."""
    a = reference_array()
    where = (100.0, lat0, cell_deg)
    res = analyse(write(tmp_path / "geo.tif", a, "EPSG:4326", from_origin(100.0, lat0, cell_deg, cell_deg)),
                  metrics=ALL, search_radius_m=radius_m, rows_per_strip=rows_per_strip, enn_halo_rows=2)
    enn, prox = enn_prox_oracle(a, where, radius_m)
    ours = dict(zip(res.patches["PID_fragstats"], zip(res.patches["ENN_m"], res.patches["PROX"])))
    ours_enn = np.array([ours[i + 1][0] for i in range(enn.size)])
    ours_prox = np.array([ours[i + 1][1] for i in range(enn.size)])
    ok = ~np.isnan(enn)
    np.testing.assert_array_equal(np.isnan(ours_enn), ~ok)
    assert_within(ours_enn[ok], enn[ok], 1e-5, "ENN")
    pos = prox > 0
    np.testing.assert_array_equal(ours_prox > 0, pos)
    assert_within(ours_prox[pos], prox[pos], 1e-5, "PROX")


def core_oracle(a: np.ndarray, where: tuple, depth_m: float, pad: int) -> np.ndarray:
    """Core cells: no cell of another class, nodata or outside the map within ``depth_m`` (Geod.inv)."""
    h, w = a.shape
    big = np.pad(a.astype(int), pad, constant_values=-1)
    core = np.zeros(a.shape, bool)
    for r in range(h):
        for c in range(w):
            rr, cc = np.nonzero(big[r: r + 2 * pad + 1, c: c + 2 * pad + 1] != a[r, c])
            if rr.size == 0:
                core[r, c] = True
                continue
            d = geod_pairwise(np.array([r]), np.array([c]), rr + r - pad, cc + c - pad, where)
            core[r, c] = d.min() > depth_m
    return core


@pytest.mark.parametrize("cell_deg, lat0, depth_m", [(5 / 30, 22.5, 40000.0), (1e-4, 20.0015, 35.0)])
def test_geographic_core_area_equals_geodesic_edge_depth(tmp_path: Path, cell_deg, lat0, depth_m) -> None:
    """Where the edge-depth disc is the same on every row, CORE on EPSG:4326 equals the cells farther than the
    depth (Geod.inv) from any other class or the map boundary, weighted by their geodesic areas."""
    a = reference_array()
    where = (100.0, lat0, cell_deg)
    res = analyse(write(tmp_path / "geo.tif", a, "EPSG:4326", from_origin(100.0, lat0, cell_deg, cell_deg)),
                  metrics=ALL - {"PROX"}, edge_depth_m=depth_m, rows_per_strip=3)
    core = core_oracle(a, where, depth_m, pad=4)
    lat_b = lat0 - cell_deg * np.arange(31)
    row_area = np.array([abs(GEOD.polygon_area_perimeter([100, 100 + cell_deg, 100 + cell_deg, 100],
                                                         [lat_b[r], lat_b[r], lat_b[r + 1], lat_b[r + 1]])[0])
                         for r in range(30)])
    expected = [float((row_area[r] * core[r, c]).sum()) / 1e4 for _cls, r, c in patch_cells(a)]
    ours = dict(zip(res.patches["PID_fragstats"], res.patches["CORE_ha"]))
    np.testing.assert_allclose([ours[i + 1] for i in range(len(expected))], expected, rtol=1e-9, atol=1e-12)


def test_geographic_edge_depth_whose_disc_changes_with_latitude_is_refused(tmp_path: Path) -> None:
    """35 km on the 5° tile is 2 cells east–west of the cells at 17.5° N but 1 at 22.5° N: refused, with the fix."""
    from bluecarbon.core.errors import InputError

    a = reference_array()
    path = write(tmp_path / "geo.tif", a, "EPSG:4326", from_origin(100.0, 22.5, 5 / 30, 5 / 30))
    with pytest.raises(InputError) as err:
        analyse(path, metrics=ALL - {"PROX"}, edge_depth_m=35000.0)
    assert "latitude" in str(err.value) and "Warp" in str(err.value)


@pytest.mark.parametrize("cell_deg, lat0, max_m", [(5 / 30, 22.5, 300000.0), (1e-4, 20.0015, 30.0), (1e-4, 20.0015, 2.0)])
def test_geographic_straight_line_flow_distances_are_geodesic(cell_deg, lat0, max_m) -> None:
    """Straight-line distances from cells and from patches to demand points on EPSG:4326 equal Geod.inv."""
    import pyproj

    from bluecarbon.core.feedback import as_steps
    from bluecarbon.core.flow.cellsupply import CellSources, straight_line_cell_pairs
    from bluecarbon.core.flow.distance import straight_line_pairs
    from bluecarbon.core.flow.patchcells import PatchCells
    from bluecarbon.core.landcover import Grid, cell_geometry

    geom = cell_geometry(Grid(30, 30, from_origin(100.0, lat0, cell_deg, cell_deg),
                              pyproj.CRS("EPSG:4326").to_wkt(), True, 1.0))
    rng = np.random.default_rng(16)
    row_f, col_f = rng.uniform(0, 30, 40), rng.uniform(0, 30, 40)
    rows, cols = np.nonzero(reference_array() == 1)
    n = rows.size
    src = CellSources(rows.astype(np.int64), cols.astype(np.int64), np.zeros(n, np.int64), np.ones(n, np.int64),
                      np.zeros(n, bool), np.ones(n), np.ones(n), 30)
    pairs = straight_line_cell_pairs(src, col_f * geom.dx_m, row_f * geom.dy_m, np.floor(row_f).astype(np.int64),
                                     np.floor(col_f).astype(np.int64), geom.dx_m, geom.dy_m, max_m, as_steps(None),
                                     geometry=geom)
    lon_c, lat_c = cell_lonlat(rows, cols, 100.0, lat0, cell_deg)
    lon_u, lat_u = 100.0 + col_f * cell_deg, lat0 - row_f * cell_deg
    d = np.asarray(GEOD.inv(np.repeat(lon_c, 40), np.repeat(lat_c, 40), np.tile(lon_u, n), np.tile(lat_u, n))[2]).reshape(n, 40)
    inside = (np.floor(row_f)[None, :] == rows[:, None]) & (np.floor(col_f)[None, :] == cols[:, None])
    d_raw = d.copy()
    d[inside] = 0.0
    want = {(int(c), int(u)) for c, u in zip(*np.nonzero(d <= max_m))}
    assert set(zip(pairs.patch.tolist(), pairs.unit.tolist())) == want
    np.testing.assert_allclose(pairs.distance, d[pairs.patch, pairs.unit], rtol=1e-12, atol=1e-9)
    # every class-1 cell as the boundary of one patch: the nearest one's geodesic distance
    cells = PatchCells(np.zeros(n, np.int64), rows.astype(np.int64), cols.astype(np.int64), np.array([0, n]),
                       rows[:1].astype(np.int64), cols[:1].astype(np.int64))
    pp = straight_line_pairs(cells, col_f * geom.dx_m, row_f * geom.dy_m, np.full(40, -1), geom.dx_m, geom.dy_m,
                             max_m, as_steps(None), geometry=geom)
    nearest = d_raw.min(axis=0)  # no unit lies in a patch here (unit_patch −1)
    want_u = np.flatnonzero(nearest <= max_m)
    np.testing.assert_array_equal(np.sort(pp.unit), want_u)
    assert_within(pp.distance[np.argsort(pp.unit)], nearest[want_u], 1e-9, "patch distance")

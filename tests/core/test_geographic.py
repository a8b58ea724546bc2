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

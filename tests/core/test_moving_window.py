"""Moving-window fragmentation surfaces against a brute-force reference and hand-computed cases."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Optional

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from scipy import ndimage

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.errors import Cancelled, InputError, OutputError
from bluecarbon.core.fragmentation.moving_window import (
    METRICS,
    NODATA,
    fragmentation_surfaces,
)
from bluecarbon.core.fragmentation.window_kernels import window_offsets
from bluecarbon.core.landcover import open_landcover

ALL = list(METRICS)
RTOL = 1e-9


# -- rasters -----------------------------------------------------------------------------------


def write_raster(
    path: Path, values: np.ndarray, cell: tuple[float, float] = (10.0, 10.0), crs: str = "EPSG:32650",
    origin: tuple[float, float] = (500000.0, 3000000.0), nodata: Optional[int] = 0,
) -> Path:
    """Write a uint8 class raster (cell = (width, height) in CRS units)."""
    with rasterio.open(
        path, "w", driver="GTiff", width=values.shape[1], height=values.shape[0], count=1, dtype="uint8",
        crs=crs, transform=from_origin(origin[0], origin[1], cell[0], cell[1]), nodata=nodata,
    ) as ds:
        ds.write(values.astype(np.uint8), 1)
    return path


def open_map(path: Path):
    """Open a raster and its value scheme (values 1..n are class indices 1..n in these tests)."""
    lc = open_landcover(str(path))
    scheme = build_scheme(lc.value_counts(), None)
    assert scheme.codes == list(range(1, scheme.n_classes + 1))
    return lc, scheme


def mosaic(height: int = 20, width: int = 24, seed: int = 7) -> np.ndarray:
    """A clustered 3-class map with salt-and-pepper cells and a nodata (0) corner and hole."""
    rng = np.random.default_rng(seed)
    field = ndimage.uniform_filter(rng.random((height, width)), size=5, mode="reflect")
    k = np.digitize(field, np.quantile(field, [0.3, 0.6])) + 1
    salt = rng.random((height, width)) < 0.06
    k[salt] = rng.integers(1, 4, salt.sum())
    k[:3, -4:] = 0
    k[height // 2, 2:4] = 0
    return k.astype(np.uint8)


# -- brute-force reference (a loop over cells; nothing shared with the implementation) --------


def max_like(n: int) -> int:
    """FRAGSTATS: largest number of like adjacencies of n cells (single count)."""
    side = math.isqrt(n)
    m = n - side * side
    if m == 0:
        return 2 * side * (side - 1)
    return 2 * side * (side - 1) + 2 * m - (1 if m <= side else 2)


def in_window(i: int, j: int, shape: tuple[int, int], radius: float, dx: float, dy: float, kind: str) -> np.ndarray:
    """Boolean mask of the window around cell (i, j)."""
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    reach = radius * (1 + 1e-9)
    if kind == "circle":
        return np.hypot((rows - i) * dy, (cols - j) * dx) <= reach
    return (np.abs(rows - i) * dy <= reach) & (np.abs(cols - j) * dx <= reach)


def reference(lc, k: np.ndarray, c: int, radius: float, kind: str, neighbours: int, boundary: bool) -> dict:
    """Every metric of class c by the definitions, focal cell by focal cell."""
    g = lc.geometry
    h, w = k.shape
    area = np.repeat(g.row_area_m2[:, None], w, axis=1)
    structure = np.ones((3, 3)) if neighbours == 8 else ndimage.generate_binary_structure(2, 1)
    labels, _ = ndimage.label(k == c, structure)
    edge = np.zeros(k.shape)
    for i in range(h):
        for j in range(w):
            if k[i, j] != c:
                continue
            sides = ((0, -1, g.edge_v_m[i]), (0, 1, g.edge_v_m[i]), (-1, 0, g.edge_h_m[i]), (1, 0, g.edge_h_m[i + 1]))
            for di, dj, length in sides:
                ni, nj = i + di, j + dj
                nb = k[ni, nj] if 0 <= ni < h and 0 <= nj < w else 0
                if nb != c and (nb != 0 or boundary):
                    edge[i, j] += length
    out = {m: np.full(k.shape, np.nan) for m in METRICS}
    for i in range(h):
        for j in range(w):
            if k[i, j] == 0:
                continue
            win = in_window(i, j, k.shape, radius, g.dx_m, g.dy_m, kind)
            a = area[win & (k > 0)].sum()
            mine = win & (k == c)
            out["PLAND"][i, j] = 100 * area[mine].sum() / a
            out["ED"][i, j] = edge[win].sum() / a * 1e4
            like = np.sum(mine[:, :-1] & mine[:, 1:]) + np.sum(mine[:-1] & mine[1:])
            most = max_like(int(mine.sum()))
            out["AI"][i, j] = 100 * like / most if most > 0 else np.nan
            inside: dict[int, float] = {}
            for pid, cell_area in zip(labels[mine].tolist(), area[mine].tolist()):
                inside[pid] = inside.get(pid, 0.0) + cell_area
            out["PD"][i, j] = len(inside) / a * 1e6
            out["LPI"][i, j] = 100 * max(inside.values(), default=0.0) / a
            out["MESH"][i, j] = sum(v * v for v in inside.values()) / a / 1e4
    return out


def assert_matches(result, lc, k, classes, radius, kind, neighbours, boundary) -> None:
    """Every band of ``result`` equals the brute-force reference at 1e-9 relative, nodata included."""
    for c in classes:
        ref = reference(lc, k, c, radius, kind, neighbours, boundary)
        for m in {m for m, _ in result.bands}:
            got = result.band(m, c)
            np.testing.assert_array_equal(np.isnan(got), np.isnan(ref[m]), err_msg=f"{m} class {c}: nodata")
            np.testing.assert_allclose(got, ref[m], rtol=RTOL, atol=0, err_msg=f"{m} class {c}")


# -- windows -----------------------------------------------------------------------------------


def test_square_window_has_odd_side_from_the_radius() -> None:
    """Square: 2·floor(r/dx)+1 cells a side, rows and columns counted separately."""
    off = window_offsets(25.0, 10.0, 10.0, "square")
    assert len(off) == 5 * 5
    off = window_offsets(30.0, 10.0, 15.0, "square")  # 7 columns x 5 rows
    assert len(off) == 35
    assert off[:, 0].min() == -2 and off[:, 1].max() == 3


def test_circle_window_cells_and_tolerance() -> None:
    """Circle r = 20 m on 10 m cells: 5 + 2·3 + 2·1 = 13 cells; a centre exactly on the circle is in."""
    assert len(window_offsets(20.0, 10.0, 10.0)) == 13
    on_diagonal = math.hypot(10.0, 10.0) * (1 - 1e-12)  # (1, 1) lies on the circle within the tolerance
    off = window_offsets(on_diagonal, 10.0, 10.0)
    assert len(off) == 9
    assert len(window_offsets(14.1, 10.0, 10.0)) == 5
    rows, cols = np.mgrid[-4:5, -4:5]
    expect = np.hypot(rows * 15.0, cols * 10.0) <= 40.0
    off = window_offsets(40.0, 10.0, 15.0)
    assert {tuple(o) for o in off.tolist()} == {(r, c) for r, c in zip(rows[expect], cols[expect])}


@pytest.mark.parametrize("radius", [5.0, 9.99, 0.0, -10.0, float("nan")])
def test_window_smaller_than_a_cell_is_an_input_error(tmp_path: Path, radius: float) -> None:
    lc, scheme = open_map(write_raster(tmp_path / "m.tif", mosaic(6, 6)))
    with pytest.raises(InputError):
        fragmentation_surfaces(lc, scheme, [1], ["PLAND"], radius)


def test_bad_arguments_are_input_errors(tmp_path: Path) -> None:
    lc, scheme = open_map(write_raster(tmp_path / "m.tif", mosaic(6, 6)))
    for kwargs in (
        {"classes": [4], "metrics": ["PLAND"]},
        {"classes": [0], "metrics": ["PLAND"]},
        {"classes": [1], "metrics": ["SHAPE"]},
        {"classes": [1], "metrics": []},
        {"classes": [], "metrics": ["PD"]},
        {"classes": [1], "metrics": ["PD"], "shape": "hexagon"},
        {"classes": [1], "metrics": ["PD"], "neighbours": 6},
    ):
        with pytest.raises(InputError):
            fragmentation_surfaces(lc, scheme, radius_m=20.0, **kwargs)


# -- hand-computed case ------------------------------------------------------------------------

HAND = np.array(
    [
        [1, 1, 2, 2, 2],
        [1, 1, 2, 2, 2],
        [2, 2, 1, 2, 2],
        [2, 2, 2, 2, 0],
        [2, 2, 2, 0, 0],
    ]
)


@pytest.mark.parametrize("neighbours", [8, 4])
def test_hand_computed_5x5(tmp_path: Path, neighbours: int) -> None:
    """3 x 3 square (r = 10 m, 10 m cells) around the centre cell (2, 2).

    Window rows 1-3, cols 1-3:  1 2 2 / 2 1 2 / 2 2 2, all landscape: A = 9 x 100 = 900 m².
    Class 1: cells (1,1), (2,2): PLAND = 200/900 = 22.22 %. ED: (1,1) faces class 2 on its right
    and bottom (its top and left neighbours are class 1, outside W), (2,2) on all four sides:
    6 sides x 10 m = 60 m → 60/900·1e4 = 666.67 m/ha. AI: no orthogonal pair, max(2) = 1 → 0 %.
    8-rule: (1,1) and (2,2) are one patch (with the 2x2 block): PD = 1/900·1e6 = 1111.1,
    LPI = 22.22 %, MESH = 200²/900/1e4 = 0.004444 ha. 4-rule: two patches of 100 m² each in W:
    PD = 2222.2, LPI = 11.11 %, MESH = 2·100²/900/1e4 = 0.002222 ha.
    Class 2: 7 cells: PLAND 77.78 %; sides facing class 1: (1,2) 2, (2,1) 2, (2,3) 1, (3,2) 1 = 60 m
    → 666.67 m/ha ((3,3) faces nodata twice: 888.89 m/ha when boundary edges count). AI: pairs
    (1,2)-(1,3), (3,1)-(3,2), (3,2)-(3,3), (2,1)-(3,1), (1,3)-(2,3), (2,3)-(3,3) = 6; max(7) = 8
    → 75 %. One patch either rule (linked through (2,3)-(3,3)): PD 1111.1, LPI 77.78 %,
    MESH = 700²/900/1e4 = 0.054444 ha.
    Focal (3,3): W holds 6 landscape cells (600 m²); class 2: AI pairs 4 of max(5) = 5 → 80 %,
    ED: (2,3) and (3,2) each face the class-1 cell once → 20/600·1e4 = 333.33 m/ha.
    Focal (4,4) is nodata → nodata everywhere.
    """
    lc, scheme = open_map(write_raster(tmp_path / "hand.tif", HAND))
    r = fragmentation_surfaces(lc, scheme, [1, 2], ALL, 10.0, shape="square", neighbours=neighbours)
    expect = {
        (1, "PLAND"): 200 / 9,
        (1, "ED"): 60 / 900 * 1e4,
        (1, "AI"): 0.0,
        (1, "PD"): (1 if neighbours == 8 else 2) / 900 * 1e6,
        (1, "LPI"): (200 if neighbours == 8 else 100) / 9,
        (1, "MESH"): (200**2 if neighbours == 8 else 2 * 100**2) / 900 / 1e4,
        (2, "PLAND"): 700 / 9,
        (2, "ED"): 60 / 900 * 1e4,
        (2, "AI"): 75.0,
        (2, "PD"): 1 / 900 * 1e6,
        (2, "LPI"): 700 / 9,
        (2, "MESH"): 700**2 / 900 / 1e4,
    }
    for (c, m), value in expect.items():
        assert r.band(m, c)[2, 2] == pytest.approx(value, rel=1e-12), (c, m)
    assert r.band("AI", 2)[3, 3] == pytest.approx(80.0, rel=1e-12)
    assert r.band("ED", 2)[3, 3] == pytest.approx(20 / 600 * 1e4, rel=1e-12)
    assert np.isnan(r.band("AI", 1)[3, 3])  # one class-1 cell: max like adjacencies is 0
    assert all(np.isnan(r.band(m, c)[4, 4]) for m, c in r.bands)
    with_boundary = fragmentation_surfaces(lc, scheme, [2], ["ED"], 10.0, shape="square", count_boundary_edge=True)
    assert with_boundary.band("ED", 2)[2, 2] == pytest.approx(80 / 900 * 1e4, rel=1e-12)


# -- brute-force comparisons -------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, neighbours, boundary, radius, cell, strip",
    [
        ("circle", 8, False, 25.0, (10.0, 10.0), None),
        ("circle", 4, True, 35.0, (10.0, 10.0), 3),
        ("square", 8, True, 20.0, (10.0, 10.0), 3),
        ("square", 4, False, 30.0, (10.0, 10.0), None),
        ("circle", 8, True, 75.0, (30.0, 20.0), None),
        ("square", 4, False, 65.0, (30.0, 20.0), 3),
    ],
)
def test_every_metric_matches_brute_force(tmp_path: Path, kind, neighbours, boundary, radius, cell, strip) -> None:
    k = mosaic()
    lc, scheme = open_map(write_raster(tmp_path / "m.tif", k, cell=cell))
    r = fragmentation_surfaces(
        lc, scheme, [1, 2, 3], ALL, radius, shape=kind, neighbours=neighbours, count_boundary_edge=boundary,
        rows_per_strip=strip,
    )
    assert_matches(r, lc, k, [1, 2, 3], radius, kind, neighbours, boundary)


def test_large_patches_use_window_sums_and_match(tmp_path: Path) -> None:
    """Patches larger than the stamping limit go through the convolution path."""
    k = mosaic(26, 30, seed=3)
    k[5:20, 4:22] = 3  # one large patch
    lc, scheme = open_map(write_raster(tmp_path / "big.tif", k))
    r = fragmentation_surfaces(lc, scheme, [3, 1], ALL, 30.0, rows_per_strip=4)
    assert_matches(r, lc, k, [3, 1], 30.0, "circle", 8, False)


def test_geographic_raster_weights_areas_by_row(tmp_path: Path) -> None:
    """EPSG:4326 at 60° N: 0.002° x 0.001° cells, true per-row areas and side lengths."""
    k = mosaic(14, 16, seed=11)
    path = write_raster(tmp_path / "geo.tif", k, cell=(0.002, 0.001), crs="EPSG:4326", origin=(120.0, 60.0))
    lc, scheme = open_map(path)
    assert not lc.geometry.uniform
    assert lc.geometry.row_area_m2[0] < lc.geometry.row_area_m2[-1]
    r = fragmentation_surfaces(lc, scheme, [1, 3], ALL, 300.0, neighbours=4, rows_per_strip=5)
    assert_matches(r, lc, k, [1, 3], 300.0, "circle", 4, False)


def test_window_larger_than_the_raster(tmp_path: Path) -> None:
    """Every window is the whole map: PLAND is the map's share, PD its patch density."""
    k = mosaic(9, 11, seed=5)
    lc, scheme = open_map(write_raster(tmp_path / "m.tif", k))
    r = fragmentation_surfaces(lc, scheme, [1, 2], ALL, 5000.0)
    assert r.window_cells == (2 * 8 + 1) * (2 * 10 + 1)  # offsets clipped to what the map can hold
    assert_matches(r, lc, k, [1, 2], 5000.0, "circle", 8, False)
    land = k > 0
    n_patches = ndimage.label(k == 1, np.ones((3, 3)))[1]
    assert np.allclose(r.band("PLAND", 1)[land], 100 * np.sum(k == 1) / land.sum(), rtol=1e-12)
    assert np.allclose(r.band("PD", 1)[land], n_patches / (land.sum() * 100.0) * 1e6, rtol=1e-12)


def test_strips_equal_one_strip(tmp_path: Path) -> None:
    k = mosaic(23, 19, seed=9)
    lc, scheme = open_map(write_raster(tmp_path / "m.tif", k))
    one = fragmentation_surfaces(lc, scheme, [1, 2, 3], ALL, 32.0)
    strips = fragmentation_surfaces(lc, scheme, [1, 2, 3], ALL, 32.0, rows_per_strip=3)
    np.testing.assert_allclose(strips.arrays, one.arrays, rtol=1e-12, atol=0)


def test_bands_follow_metric_then_class_order(tmp_path: Path) -> None:
    lc, scheme = open_map(write_raster(tmp_path / "m.tif", mosaic(8, 8)))
    r = fragmentation_surfaces(lc, scheme, [3, 1], ["lpi", "PLAND", "AI"], 20.0)
    assert r.bands == [("PLAND", 3), ("PLAND", 1), ("AI", 3), ("AI", 1), ("LPI", 3), ("LPI", 1)]
    assert r.band_names[0] == "PLAND 3 (%)"
    assert r.path is None


# -- the GeoTIFF -------------------------------------------------------------------------------


def test_geotiff_output(tmp_path: Path) -> None:
    k = mosaic()
    lc, scheme = open_map(write_raster(tmp_path / "m.tif", k))
    mem = fragmentation_surfaces(lc, scheme, [1, 2], ALL, 25.0)
    out = tmp_path / "out" / "surfaces.tif"
    out.parent.mkdir()
    (out.parent / "surfaces.tif.aux.xml").write_text("<PAMDataset/>")  # stale statistics of an older file
    r = fragmentation_surfaces(lc, scheme, [1, 2], ALL, 25.0, out_path=str(out), rows_per_strip=7)
    assert r.path == str(out) and r.arrays is None
    assert sorted(os.listdir(out.parent)) == ["surfaces.tif"]
    with rasterio.open(out) as ds:
        assert ds.count == 12 and ds.dtypes[0] == "float32" and ds.nodata == NODATA
        assert ds.transform == lc.grid.transform and ds.crs.to_wkt() == lc.grid.crs_wkt
        assert ds.profile["tiled"] and ds.profile["compress"] == "deflate"
        assert list(ds.descriptions) == r.band_names == mem.band_names
        assert ds.descriptions[0] == "PLAND 1 (%)" and ds.units[2] == "m/ha"
        data = ds.read()
    for b, stats in enumerate(r.stats):
        expect = mem.arrays[b].astype(np.float32)
        np.testing.assert_array_equal(data[b], np.where(np.isnan(expect), np.float32(NODATA), expect))
        ok = expect[~np.isnan(expect)]
        assert stats.valid_cells == ok.size
        assert stats.minimum == ok.min() and stats.maximum == ok.max()
        assert stats.mean == pytest.approx(ok.astype(np.float64).mean(), rel=1e-12)


class CancelAfter:
    """A feedback that cancels after ``n`` checks and records the files present at that moment."""

    def __init__(self, n: int, folder: Path) -> None:
        self.n, self.folder, self.seen = n, folder, None

    def setProgress(self, progress: float) -> None:  # noqa: N802 - QGIS name
        pass

    def pushInfo(self, info: str) -> None:  # noqa: N802
        pass

    def isCanceled(self) -> bool:  # noqa: N802
        self.n -= 1
        if self.n < 0 and self.seen is None:
            self.seen = sorted(os.listdir(self.folder))
        return self.n < 0


def test_cancelled_run_leaves_no_file(tmp_path: Path) -> None:
    lc, scheme = open_map(write_raster(tmp_path / "m.tif", mosaic()))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        fragmentation_surfaces(lc, scheme, [1], ALL, 25.0, out_path=str(out / "s.tif"), feedback=CancelAfter(0, out))
    assert os.listdir(out) == []


def test_cancelled_midway_keeps_the_old_file_and_removes_the_temporary(tmp_path: Path) -> None:
    lc, scheme = open_map(write_raster(tmp_path / "m.tif", mosaic()))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "s.tif"
    target.write_bytes(b"previous result")
    feedback = CancelAfter(12, out)
    with pytest.raises(Cancelled):
        fragmentation_surfaces(lc, scheme, [1, 2], ALL, 25.0, out_path=str(target), feedback=feedback, rows_per_strip=2)
    assert len(feedback.seen) == 2  # the temporary file existed when the run was cancelled
    assert os.listdir(out) == ["s.tif"]
    assert target.read_bytes() == b"previous result"


def test_missing_output_folder_is_an_output_error(tmp_path: Path) -> None:
    lc, scheme = open_map(write_raster(tmp_path / "m.tif", mosaic(6, 6)))
    with pytest.raises(OutputError):
        fragmentation_surfaces(lc, scheme, [1], ["PLAND"], 20.0, out_path=str(tmp_path / "nope" / "s.tif"))


def test_patches_packed_into_many_canvases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny canvases force one canvas per few patches; the result must not change."""
    from bluecarbon.core.fragmentation import moving_window

    k = mosaic(26, 30, seed=3)
    lc, scheme = open_map(write_raster(tmp_path / "m.tif", k))
    monkeypatch.setattr(moving_window, "CANVAS_WIDTH", 12)
    monkeypatch.setattr(moving_window, "CANVAS_CELLS", 400)
    r = fragmentation_surfaces(lc, scheme, [1, 2, 3], ["PD", "LPI", "MESH"], 25.0, neighbours=4, rows_per_strip=5)
    assert_matches(r, lc, k, [1, 2, 3], 25.0, "circle", 4, False)


def test_one_cell_window_is_an_input_error_for_offsets_too() -> None:
    with pytest.raises(InputError):
        window_offsets(9.0, 10.0, 10.0)
    assert len(window_offsets(10.0, 10.0, 30.0)) == 3  # one row of three cells: allowed


def test_one_row_raster_with_a_big_window(tmp_path: Path) -> None:
    k = np.array([[1, 1, 2, 0, 2, 2, 1]])
    lc, scheme = open_map(write_raster(tmp_path / "row.tif", k))
    r = fragmentation_surfaces(lc, scheme, [1, 2], ALL, 1e9)
    assert r.window_cells == 13
    assert_matches(r, lc, k, [1, 2], 1e9, "circle", 8, False)

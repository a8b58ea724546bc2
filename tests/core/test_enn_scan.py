"""ENN on projected grids against an all-pairs search over cell centres (scipy labelling, no engine code).

Random landscapes of 3 classes with clumps and lone cells, square and oblong cells, both neighbour rules,
strips of a few rows and a short halo (so that the column scan, its strip joins and the window search all
decide some patches), serial and on two processes: every patch's ENN equals the least distance between a
cell centre of the patch and one of another patch of its class, and NaN when the class has one patch.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from scipy import ndimage as ndi

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation
from bluecarbon.core.landcover import open_landcover

STRUCTURES = {8: np.ones((3, 3), dtype=bool), 4: ndi.generate_binary_structure(2, 1)}


def landscape(seed: int, shape=(37, 53)) -> np.ndarray:
    """Classes 1-3 in smoothed random clumps, a sprinkling of lone cells and some nodata (0)."""
    rng = np.random.default_rng(seed)
    field = ndi.uniform_filter(rng.random(shape), size=5)
    a = np.digitize(field, np.quantile(field, [0.45, 0.75])).astype(np.uint8) + 1
    lone = rng.random(shape) < 0.04
    a[lone] = rng.integers(1, 4, lone.sum())
    a[rng.random(shape) < 0.03] = 0
    a[:, 40:] = np.where(a[:, 40:] == 3, 1, a[:, 40:])  # class 3 absent on the right: long horizontal gaps
    return a


def brute_enn(a: np.ndarray, neighbours: int, dx: float, dy: float) -> dict[int, float]:
    """ENN (m) keyed by the patch's first cell in raster order (row * width + col)."""
    out: dict[int, float] = {}
    for c in np.unique(a[a > 0]):
        lab, n = ndi.label(a == c, structure=STRUCTURES[neighbours])
        cells = [np.argwhere(lab == i) for i in range(1, n + 1)]
        for i, own in enumerate(cells):
            first = int(own[0, 0] * a.shape[1] + own[0, 1])
            best = np.inf
            for j, other in enumerate(cells):
                if j != i:
                    d = np.hypot((own[:, None, 1] - other[None, :, 1]) * dx, (own[:, None, 0] - other[None, :, 0]) * dy)
                    best = min(best, float(d.min()))
            out[first] = best if n > 1 else np.nan
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("neighbours", [8, 4])
@pytest.mark.parametrize("dx, dy", [(30.0, 30.0), (10.0, 25.0)])
@pytest.mark.parametrize("rows_per_strip, halo, workers", [(None, 64, 1), (5, 3, 1), (4, 2, 2)])
def test_enn_equals_all_pairs(tmp_path: Path, seed, neighbours, dx, dy, rows_per_strip, halo, workers) -> None:
    a = landscape(seed)
    path = tmp_path / "lc.tif"
    with rasterio.open(path, "w", driver="GTiff", width=a.shape[1], height=a.shape[0], count=1, dtype="uint8",
                       crs="EPSG:32650", transform=from_origin(500000.0, 4500000.0, dx, dy), nodata=0) as dst:
        dst.write(a, 1)
    lc = open_landcover(path)
    options = FragmentationOptions(metrics=frozenset({"ENN"}), neighbours=neighbours, rows_per_strip=rows_per_strip,
                                   enn_halo_rows=halo)
    res = analyse_fragmentation(lc, build_scheme(lc.value_counts(), None), options, workers=workers)
    try:
        t = res.labelling.patches
        ours = dict(zip(t.first_cell.tolist(), res.patches["ENN_m"].tolist()))
    finally:
        res.close()
        lc.close()
    want = brute_enn(a, neighbours, dx, dy)
    assert sorted(ours) == sorted(want)
    got = np.array([ours[k] for k in sorted(want)])
    ref = np.array([want[k] for k in sorted(want)])
    np.testing.assert_array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got[~np.isnan(ref)], ref[~np.isnan(ref)], rtol=1e-12, atol=0)


def test_enn_in_a_window_taller_than_int16_rows(tmp_path: Path) -> None:
    """A one-strip map of 17000 rows: the class table's rows no longer fit in int16 (table_dtype switches to
    int32); distances by hand: cells of 30 × 20 m (dx × dy)."""
    a = np.zeros((17000, 3), dtype=np.uint8)
    a[:] = 3  # a matrix class, one patch
    a[10, 0] = 1  # patch A
    a[16990, 0] = 1  # patch B: 16980 rows below A, in A's column
    a[500, 2] = 1  # patch C: 490 rows below A, two columns right
    a[9000, 1] = 2  # a lone patch of class 2: no neighbour (NaN)
    path = tmp_path / "tall.tif"
    with rasterio.open(path, "w", driver="GTiff", width=3, height=17000, count=1, dtype="uint8", crs="EPSG:32650",
                       transform=from_origin(500000.0, 4500000.0, 30.0, 20.0), nodata=0) as dst:
        dst.write(a, 1)
    lc = open_landcover(path)
    res = analyse_fragmentation(lc, build_scheme(lc.value_counts(), None), FragmentationOptions(metrics=frozenset({"ENN"})),
                                workers=1)
    try:
        assert res.labelling.strips == [(0, 17000)]
        enn = dict(zip(res.labelling.patches.first_cell.tolist(), res.patches["ENN_m"].tolist()))
    finally:
        res.close()
        lc.close()
    ac = float(np.hypot(2 * 30.0, 490 * 20.0))
    assert enn[10 * 3 + 0] == ac
    assert enn[500 * 3 + 2] == ac
    assert enn[16990 * 3 + 0] == float(np.hypot(2 * 30.0, 16490 * 20.0))  # nearer C than A (16980 rows)
    assert np.isnan(enn[9000 * 3 + 1])
